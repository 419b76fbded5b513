/**
 * The bundled sample: ~3,000 support tickets classified by intent, made by a seeded generator so
 * the bytes never change. Its structure gives the dashboard something to say:
 * - phone transcripts (speech-to-text) are much harder for the model, and for humans too;
 * - German tickets are hard for the model only (little training data): a large gap to humans;
 * - refund and billing are confused with each other by both;
 * - new customers (tenure under 6 months) are a little harder for the model;
 * - about 2% of the given labels are wrong (model and annotators agree on another class).
 */
export const SAMPLE_CLASSES = ['billing', 'shipping', 'refund', 'technical', 'account'] as const;
type Cls = (typeof SAMPLE_CLASSES)[number];
export const SAMPLE_ROWS = 3000;

const CONFUSED: Record<Cls, Cls> = {
  billing: 'refund',
  refund: 'billing',
  shipping: 'refund',
  technical: 'account',
  account: 'technical',
};

const PHRASES: Record<string, Record<Cls, string[]>> = {
  en: {
    billing: ['I was charged twice this month', 'my invoice shows the wrong amount'],
    shipping: ['my parcel has not arrived yet', 'the tracking number does not work'],
    refund: ['I want my money back for the order', 'please refund the returned item'],
    technical: ['the app crashes when I log in', 'the page shows an error after the update'],
    account: ['I cannot reset my password', 'please change the email on my account'],
  },
  es: {
    billing: ['me cobraron dos veces este mes', 'la factura tiene un importe incorrecto'],
    shipping: ['mi paquete no ha llegado', 'el numero de seguimiento no funciona'],
    refund: ['quiero que me devuelvan el dinero', 'devuelvan el importe del articulo'],
    technical: ['la aplicacion se cierra al entrar', 'la pagina da un error tras actualizar'],
    account: ['no puedo cambiar mi contrasena', 'cambien el correo de mi cuenta'],
  },
  de: {
    billing: ['mir wurde zweimal abgebucht', 'die Rechnung hat einen falschen Betrag'],
    shipping: ['mein Paket ist nicht angekommen', 'die Sendungsnummer geht nicht'],
    refund: ['ich moechte mein Geld zurueck', 'bitte erstatten Sie den Artikel'],
    technical: ['die App stuerzt beim Anmelden ab', 'nach dem Update kommt ein Fehler'],
    account: ['ich kann mein Passwort nicht zuruecksetzen', 'bitte aendern Sie meine E-Mail'],
  },
};
const FILLERS = ['hello', 'thanks', 'asap', 'again', 'today', 'please help', 'order 5521', 'hi'];

/** mulberry32: a small seeded PRNG, so the sample is the same bytes on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rand: () => number, items: readonly T[], weights?: readonly number[]): T {
  const w = weights ?? items.map(() => 1);
  let r = rand() * w.reduce((a, b) => a + b, 0);
  for (let i = 0; i < items.length; i++) {
    r -= w[i] as number;
    if (r < 0) return items[i] as T;
  }
  return items[items.length - 1] as T;
}

function csvCell(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function generateSampleCsv(rows = SAMPLE_ROWS, seed = 20260501): string {
  const rand = prng(seed);
  const header = [
    'id',
    'text',
    'label',
    'prediction',
    'confidence',
    ...SAMPLE_CLASSES.map((c) => `p_${c}`),
    ...SAMPLE_CLASSES.map((c) => `human_votes_${c}`),
    'channel',
    'language',
    'tenure_months',
  ];
  const lines = [header.join(',')];
  for (let i = 0; i < rows; i++) {
    const truth = pick(rand, SAMPLE_CLASSES, [0.26, 0.22, 0.18, 0.2, 0.14]);
    const channel = pick(rand, ['email', 'chat', 'phone'] as const, [0.45, 0.35, 0.2]);
    const language = pick(rand, ['en', 'es', 'de'] as const, [0.6, 0.25, 0.15]);
    const phrases = PHRASES[language] as Record<Cls, string[]>;
    let text = pick(rand, phrases[truth]);
    if (rand() < 0.5) text = `${pick(rand, FILLERS)} ${text}`;
    if (rand() < 0.3) text = `${text} ${pick(rand, FILLERS)}`;
    if (channel === 'phone') text = `uh ${text.replace(/ the | my /g, ' ')} um`;
    // How long the customer has been with us: new customers write vaguer tickets.
    const tenure = Math.floor(rand() * 120);

    // The given label: right but for ~2% of rows, where it names the usual confusion.
    const mislabelled = rand() < 0.02;
    const label = mislabelled ? CONFUSED[truth] : truth;

    let pModel = 0.93;
    if (channel === 'phone') pModel -= 0.22;
    if (language === 'de') pModel -= 0.25;
    if (truth === 'refund' || truth === 'billing') pModel -= 0.06;
    if (tenure < 6) pModel -= 0.1;
    const modelRight = rand() < pModel;
    const prediction: Cls = modelRight
      ? truth
      : rand() < 0.7
        ? CONFUSED[truth]
        : pick(
            rand,
            SAMPLE_CLASSES.filter((c) => c !== truth),
          );
    const confidence = modelRight ? 0.55 + rand() * 0.44 : 0.34 + rand() * 0.45;
    const probs = new Map<Cls, number>();
    const others = SAMPLE_CLASSES.filter((c) => c !== prediction);
    const weights = others.map(() => 0.05 + rand());
    const wsum = weights.reduce((a, b) => a + b, 0);
    let rest = 0;
    others.forEach((c, k) => {
      const p = Math.round((((1 - confidence) * (weights[k] as number)) / wsum) * 10_000) / 10_000;
      probs.set(c, p);
      rest += p;
    });
    probs.set(prediction, Math.round((1 - rest) * 10_000) / 10_000);

    let pHuman = 0.95;
    if (channel === 'phone') pHuman -= 0.15;
    if (truth === 'refund' || truth === 'billing') pHuman -= 0.07;
    const votes = new Map<Cls, number>(SAMPLE_CLASSES.map((c) => [c, 0]));
    for (let a = 0; a < 5; a++) {
      const choice = rand() < pHuman ? truth : CONFUSED[truth];
      votes.set(choice, (votes.get(choice) ?? 0) + 1);
    }

    lines.push(
      [
        `t${String(i + 1).padStart(5, '0')}`,
        csvCell(text),
        label,
        prediction,
        (probs.get(prediction) as number).toFixed(4),
        ...SAMPLE_CLASSES.map((c) => (probs.get(c) as number).toFixed(4)),
        ...SAMPLE_CLASSES.map((c) => String(votes.get(c))),
        channel,
        language,
        String(tenure),
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
