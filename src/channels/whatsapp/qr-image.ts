// The WhatsApp login QR as pictures: an SVG for the admin page (inline, so the page's strict
// Content-Security-Policy needs no change) and block characters for the operator's terminal.
import QRCode from 'qrcode';

/** An SVG drawing of the code, with its light margin (phones need it to find the code). */
export function qrSvg(content: string): Promise<string> {
  return QRCode.toString(content, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
}

/** The code drawn with half-block characters, two rows per line, for a terminal. */
export function qrTerminal(content: string): Promise<string> {
  return QRCode.toString(content, { type: 'terminal', small: true, errorCorrectionLevel: 'M' });
}
