import type { Rng } from "./prng";

/**
 * Free text for reviews. It deliberately contains what breaks naive CSV handling: commas,
 * double quotes, line breaks (LF and the odd CRLF), accents, non-Latin scripts and emoji.
 */

type Sentiment = "positive" | "neutral" | "negative";

const TITLES: Readonly<Record<Sentiment, readonly string[]>> = {
  positive: [
    "Love it!",
    "Great value, fast delivery",
    "Exactly as described",
    "Très bon produit",
    "Sehr gut, gerne wieder",
    "¡Excelente!",
    "最高です",
    "Perfect gift 🎁",
    '"Best purchase" this year',
    "Ottimo, consigliato",
  ],
  neutral: ["It's OK", "Decent, but…", "Average quality", "Correct, sans plus", "Geht so", "Nothing special, does the job", "まあまあ"],
  negative: [
    "Disappointed",
    "Not as pictured",
    "Broke after a week, sadly",
    "Décevant",
    "Leider enttäuscht",
    '"Premium"? Not really',
    "Muy mala calidad",
    "残念でした",
  ],
};

const SENTENCES: Readonly<Record<Sentiment, readonly string[]>> = {
  positive: [
    "Great quality, fast shipping. Would buy again!",
    'The "premium" finish really is premium.',
    "Arrived two days early, well packed.",
    "Très bien, livraison rapide — je recommande.",
    "Größe passt, Qualität über Erwartung.",
    "Produto excelente, chegou antes do prazo.",
    "¡Me encantó! Tamaño perfecto, color exacto.",
    "とても良い商品です。また買います。",
    "商品质量很好，物流也快。",
    "Отличный товар, спасибо!",
    "Works perfectly with my setup, no issues at all.",
    "My daughter loves it 😍",
    "Bought it for my dad, he said it's \"the best one yet\".",
  ],
  neutral: [
    "It's fine, nothing more, nothing less.",
    "Colour is slightly different from the photo.",
    "Took a while to arrive, but it works.",
    "Correct pour le prix, sans plus.",
    "Qualität okay, Verpackung beschädigt.",
    "Funciona, pero esperaba más.",
    "説明書が分かりにくいです。",
    "Instructions were a bit confusing; figured it out eventually.",
  ],
  negative: [
    "Stopped working after a week, returned it.",
    'Described as "waterproof", it is not.',
    "Way too small, runs two sizes small.",
    "Déçu : la couleur ne correspond pas, et la taille non plus.",
    "Leider kaputt angekommen, Rücksendung läuft.",
    "No lo recomiendo, se rompió enseguida.",
    "品質が悪いです。返品しました。",
    "Customer service never answered my emails, 0/10.",
  ],
};

function sentiment(rating: number): Sentiment {
  return rating >= 4 ? "positive" : rating === 3 ? "neutral" : "negative";
}

export function reviewText(rng: Rng, rating: number, productName: string): { title: string | null; comment: string | null } {
  const s = sentiment(rating);
  const title = rng.chance(0.1) ? null : rng.pick(TITLES[s]);
  if (rng.chance(0.07)) return { title, comment: null };
  const parts = [rng.pick(SENTENCES[s])];
  if (rng.chance(0.45)) parts.push(rng.pick(SENTENCES[s]));
  if (rng.chance(0.15)) parts.push(`About the "${productName}": ${s === "negative" ? "would not buy again." : "as expected, works well."}`);
  // Sentences joined by a space or by line breaks (mostly LF, a few CRLF or blank lines).
  const u = rng.next();
  const sep = u < 0.55 ? " " : u < 0.85 ? "\n" : u < 0.95 ? "\n\n" : "\r\n";
  return { title, comment: parts.join(sep) };
}
