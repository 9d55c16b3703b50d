// Chat text → a plain form that crisis phrases can be matched against, the way people really write:
// case, accents, Arabic letter forms and diacritics, emoji and punctuation, letters repeated for
// emphasis ("mouriiir"), and SMS spellings ("jveux", "chui", "kms") expanded to their words.
//
// Two layers: `foldChars` is shared by the phrases and the messages (so a phrase and a message that
// differ only by an accent or a doubled letter meet); `normaliseMessage` adds the SMS expansions,
// which only messages need.

/** Arabic letters that people write interchangeably, folded to one form. */
const ARABIC_FOLD: Record<string, string> = {
  'ٱ': 'ا', // alef wasla
  'ى': 'ي', // alef maqsura (often typed for final yeh, and the other way round)
  'ة': 'ه', // taa marbuta (written as haa by many)
  'ی': 'ي', // Persian yeh
  'ک': 'ك', // Persian kaf
  'گ': 'ك', // gaf, used in Maghrebi and Gulf writing
  'ڭ': 'ك', // Moroccan gaf
  'ڤ': 'ف', // veh (Maghrebi "v")
  'پ': 'ب',
  'ء': '', // a lone hamza is often dropped
};
const ARABIC_FOLD_RE = new RegExp(`[${Object.keys(ARABIC_FOLD).join('')}]`, 'gu');

/** Eastern Arabic and Persian digits → 0-9 (arabizi and phone numbers use the Latin ones). */
function latinDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9]/gu, (d) => String((d.codePointAt(0) ?? 0) & 0xf));
}

/**
 * Case, accents and diacritics (NFD, then combining marks dropped: this also folds أ إ آ ؤ ئ to
 * their bare letter), Arabic letter variants, tatweel, ligatures; anything but letters and digits
 * becomes a space; a letter repeated in a row counts once ("frappe" = "frape", "بزااف" = "بزاف").
 */
export function foldChars(text: string): string {
  return latinDigits(
    text
      // Laughing faces are words here: "je suis mort 😂" is laughter, as "je suis mort mdr" is.
      .replace(/[😂🤣😹😆😅]+/gu, ' lol ')
      .normalize('NFKC')
      .toLowerCase()
      .replace(/œ/g, 'oe')
      .replace(/æ/g, 'ae')
      .replace(/ß/g, 'ss')
      .normalize('NFD')
      .replace(/\p{M}/gu, ''),
  )
    .replace(/\u0640/gu, '') // tatweel: stretching only
    .replace(ARABIC_FOLD_RE, (c) => ARABIC_FOLD[c] ?? c)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/(\p{L})\1+/gu, '$1')
    .trim();
}

/**
 * SMS and chat spellings, by the folded token (so no key may fold onto a real word: "tt" would
 * become "t", as in "t'es"): French, English and a few shared forms. Only whole
 * tokens are replaced, so "jveux" becomes "je veux" but "jveuxbien" stays as it is.
 */
const SHORTHAND: Record<string, string> = {
  // French: je + verb glued together
  jve: 'je veux', jveu: 'je veux', jveux: 'je veux', jvx: 'je veux', jvoudrai: 'je voudrais', jvoudrais: 'je voudrais',
  jvai: 'je vais', jvais: 'je vais', jvé: 'je vais', jva: 'je vais', jvo: 'je vais',
  jsui: 'je suis', jsuis: 'je suis', chui: 'je suis', chuis: 'je suis', chu: 'je suis', shui: 'je suis', jui: 'je suis', jsu: 'je suis',
  jpeu: 'je peux', jpeux: 'je peux', jpe: 'je peux', jpp: 'j en peux plus', jenpeuplus: 'j en peux plus', jenpeuxplus: 'j en peux plus',
  jsp: 'je sais pas', jsai: 'je sais', jsais: 'je sais', chai: 'je sais', chais: 'je sais',
  jme: 'je me', jte: 'je te', jle: 'je le', jla: 'je la', jen: 'j en', jai: 'j ai', g: 'j ai', jaime: 'j aime',
  jfai: 'je fais', jfais: 'je fais', jcrois: 'je crois', jpense: 'je pense', jdois: 'je dois', jdoi: 'je dois',
  jvous: 'je vous', jvs: 'je vous', jtai: 'je t ai', jlai: 'je l ai', jles: 'je les', jlui: 'je lui', jleur: 'je leur', jmen: 'je m en',
  jserai: 'je serai', jserais: 'je serais', jsera: 'je serai', jmerite: 'je merite', jmérite: 'je merite', jcache: 'je cache', jcompte: 'je compte',
  jrentre: 'je rentre', jdis: 'je dis', jmeurs: 'je meurs', jtue: 'je tue', jprend: 'je prends', jprends: 'je prends', jmet: 'je mets', jmets: 'je mets',
  jetai: 'j etais', jetais: 'j etais', jpensais: 'je pensais', jsavais: 'je savais', jarrive: 'j arrive', javais: 'j avais', jaurais: 'j aurais',
  jsers: 'je sers', jtiens: 'je tiens', jdors: 'je dors', jsens: 'je sens', jveut: 'je veux', jcroi: 'je crois', jpensai: 'je pensais',
  qlq: 'quelqu un', qqn: 'quelqu un', qq1: 'quelqu un', qlqn: 'quelqu un', quelquun: 'quelqu un', pcq: 'parce que', pck: 'parce que', psk: 'parce que',
  // French: other spellings
  ve: 'veux', veu: 'veux', veus: 'veux', vx: 'veux',
  pa: 'pas', plu: 'plus', pu: 'plus', ke: 'que', k: 'que', koi: 'quoi', kan: 'quand', qd: 'quand', kom: 'comme', com: 'comme',
  mwa: 'moi', moa: 'moi', twa: 'toi', toa: 'toi', ya: 'il y a', yen: 'il y en', yena: 'il y en a',
  tjr: 'toujours', tjrs: 'toujours', tjs: 'toujours', bcp: 'beaucoup', jame: 'jamais', jamai: 'jamais',
  c: 'c est', cest: 'c est',
  daron: 'pere', daronne: 'mere', darone: 'mere', reuf: 'frere', reum: 'mere',
  // English
  u: 'you', ur: 'your', youre: 'you re', r: 'are', im: 'i m', ive: 'i ve',
  dont: 'don t', cant: 'can t', wont: 'won t', didnt: 'didn t', doesnt: 'doesn t', isnt: 'isn t', aint: 'ain t',
  wanna: 'want to', wana: 'want to', gonna: 'going to', gona: 'going to', gotta: 'got to', ima: 'i m going to', imma: 'i m going to', tryna: 'trying to',
  // values already folded (a doubled letter counts once), as the phrases are
  kms: 'kil myself', kys: 'kil yourself', kmss: 'kil myself', urself: 'yourself', uself: 'yourself', myslef: 'myself', wnat: 'want', wnt: 'want', wnna: 'want to', wanan: 'want to', wantto: 'want to',
  gunna: 'going to', finna: 'going to', shes: 'she s', theyre: 'they re', theres: 'there s', thats: 'that s', whats: 'what s', tbh: 'to be honest', idk: 'i don t know', rn: 'right now', ppl: 'people', bc: 'because', cuz: 'because', coz: 'because',
  abt: 'about', pls: 'please', plz: 'please', thx: 'thanks', bf: 'boyfriend', gf: 'girlfriend', stepdad: 'step dad', stepmom: 'step mom',
};

const SHORTHAND_FOLDED = new Map(Object.entries(SHORTHAND).map(([k, v]) => [foldChars(k), v]));

/** The message's plain form: folded characters, then chat shorthands expanded token by token. */
export function normaliseMessage(text: string): string {
  const folded = foldChars(text);
  if (!folded) return '';
  return folded
    .split(' ')
    .map((token) => SHORTHAND_FOLDED.get(token) ?? token)
    .join(' ');
}
