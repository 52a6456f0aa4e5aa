// Does an env var's literal value look like a secret? By name (TOKEN, SECRET, PASSWORD, KEY...) or by value
// (a known token prefix, or a long high-entropy string). Values are never echoed back, only described.

const SECRET_NAME_WORDS = new Set(['TOKEN', 'SECRET', 'PASSWORD', 'PASSWD', 'KEY', 'APIKEY', 'CREDENTIAL', 'CREDENTIALS', 'PAT']);
const SECRET_NAME_PARTS = ['TOKEN', 'SECRET', 'PASSWORD', 'PASSWD', 'APIKEY', 'API_KEY'];
/** A last word that makes the variable about a secret rather than the secret itself (KEY_FILE, TOKEN_URL). */
const NOT_SECRET_SUFFIXES = new Set(['FILE', 'PATH', 'DIR', 'URL', 'URI', 'TTL', 'NAME', 'ENDPOINT', 'HEADER', 'ID', 'TYPE', 'ISSUER', 'AUDIENCE', 'EXPIRY', 'LENGTH', 'SIZE', 'REF', 'KIND']);

const KNOWN_PREFIXES: { pattern: RegExp; what: string }[] = [
  { pattern: /^sk-ant-[A-Za-z0-9_-]{10,}/, what: 'an Anthropic API key' },
  { pattern: /^sk-(proj-)?[A-Za-z0-9_-]{16,}/, what: 'an OpenAI-style API key (sk-)' },
  { pattern: /^(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}/, what: 'a GitHub token' },
  { pattern: /^github_pat_[A-Za-z0-9_]{20,}/, what: 'a GitHub fine-grained token' },
  { pattern: /^glpat-[A-Za-z0-9_-]{16,}/, what: 'a GitLab token' },
  { pattern: /^xox[abpr]-[A-Za-z0-9-]{10,}/, what: 'a Slack token' },
  { pattern: /^AKIA[0-9A-Z]{16}$/, what: 'an AWS access key id' },
  { pattern: /^AIza[0-9A-Za-z_-]{30,}/, what: 'a Google API key' },
  { pattern: /^(sk|rk)_live_[A-Za-z0-9]{16,}/, what: 'a Stripe live key' },
  { pattern: /^hf_[A-Za-z0-9]{20,}/, what: 'a Hugging Face token' },
  { pattern: /^npm_[A-Za-z0-9]{20,}/, what: 'an npm token' },
  { pattern: /^eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\./, what: 'a JWT' },
  { pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/, what: 'a private key' },
];

/** Why this literal env var looks like a secret, or undefined when it does not. */
export function literalSecretReason(name: string, value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  for (const { pattern, what } of KNOWN_PREFIXES) {
    if (pattern.test(trimmed)) return `its value looks like ${what}`;
  }
  if (secretName(name) && !obviouslyNotSecret(trimmed)) return 'its name says it holds a secret';
  if (highEntropy(trimmed)) return 'its value is a long random-looking string';
  return undefined;
}

function secretName(name: string): boolean {
  const upper = name.toUpperCase();
  const words = upper.split(/[^A-Z0-9]+/).filter(Boolean);
  const last = words[words.length - 1];
  if (last !== undefined && NOT_SECRET_SUFFIXES.has(last)) return false;
  return words.some((word) => SECRET_NAME_WORDS.has(word)) || SECRET_NAME_PARTS.some((part) => upper.includes(part));
}

/** Values a secret-named variable commonly holds that are not secrets: paths, references, flags, numbers. */
function obviouslyNotSecret(value: string): boolean {
  if (/^(\/|\.\/|~\/)/.test(value)) return true; // a mounted file path
  if (/^\$\(?[A-Za-z_][A-Za-z0-9_]*\)?$/.test(value)) return true; // $(OTHER_VAR) expands another var
  if (/^(true|false|yes|no|on|off|none|null|disabled|enabled)$/i.test(value)) return true;
  if (/^\d+(\.\d+)?[smhd]?$/.test(value)) return true; // a number or duration
  if (/^[a-z][a-z0-9+.-]*:\/\/[^@\s]+$/i.test(value)) return true; // a URL without credentials in it
  return false;
}

/** Shannon entropy over characters, in bits per character. */
export function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

function highEntropy(value: string): boolean {
  if (value.length < 20 || /\s/.test(value) || value.includes('://') || value.startsWith('/')) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((pattern) => pattern.test(value)).length;
  return classes >= 2 && entropy(value) >= 4.3;
}
