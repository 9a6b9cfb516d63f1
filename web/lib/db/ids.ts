/** Random ids for records and URLs (`#/s/<id>`). getRandomValues works outside secure contexts too. */
const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

export function newId(length = 12): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let id = '';
  for (const b of bytes) id += ALPHABET[b % ALPHABET.length];
  return id;
}

/** SHA-256 of a Blob as lowercase hex. */
export async function sha256Hex(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
