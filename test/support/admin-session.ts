// Signs in to the admin pages as an operator does (the form at /admin/login) and returns the
// session cookie ("passerelle_admin=…") to send with later requests.
export async function signIn(baseUrl: string, token: string, headers: Record<string, string> = {}): Promise<string> {
  const res = await postLogin(baseUrl, token, headers);
  if (res.status !== 303) throw new Error(`admin sign-in failed: ${res.status}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  if (!cookie.startsWith('passerelle_admin=')) throw new Error('admin sign-in set no session cookie');
  return cookie;
}

/** POSTs the sign-in form (without following the redirect). */
export function postLogin(baseUrl: string, token: string, headers: Record<string, string> = {}, next?: string): Promise<Response> {
  const form = new URLSearchParams({ token, ...(next === undefined ? {} : { next }) });
  return fetch(`${baseUrl}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: form.toString(),
    redirect: 'manual',
  });
}
