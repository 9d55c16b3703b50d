// What a person sees on their phone in Paris, computed by Intl (never by the code under test):
// "2027-12-15 10:00", or null for no date.
export const PARIS = 'Europe/Paris';

const parisFmt = new Intl.DateTimeFormat('sv-SE', {
  timeZone: PARIS,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

export function paris(d: Date): string;
export function paris(d: Date | null): string | null;
export function paris(d: Date | null): string | null {
  return d ? parisFmt.format(d) : null;
}
