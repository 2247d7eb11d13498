import type { Rng } from "./prng";

/**
 * Free text for reviews, written in the reviewer's language. It deliberately contains what breaks
 * naive CSV handling: commas, double quotes, line breaks (LF and the odd CRLF), accents, non-Latin
 * scripts and emoji.
 */

type Sentiment = "positive" | "neutral" | "negative";
type Bank = Readonly<Record<Sentiment, { titles: readonly string[]; sentences: readonly string[] }>>;

const BANKS: Readonly<Record<string, Bank>> = {
  en: {
    positive: {
      titles: ["Love it!", "Great value, fast delivery", "Exactly as described", "Perfect gift 🎁", '"Best purchase" this year'],
      sentences: [
        "Great quality, fast shipping. Would buy again!",
        'The "premium" finish really is premium.',
        "Arrived two days early, well packed.",
        "Works perfectly with my setup, no issues at all.",
        "My daughter loves it 😍",
        'Bought it for my dad, he said it\'s "the best one yet".',
      ],
    },
    neutral: {
      titles: ["It's OK", "Decent, but…", "Average quality", "Nothing special, does the job"],
      sentences: [
        "It's fine, nothing more, nothing less.",
        "Colour is slightly different from the photo.",
        "Took a while to arrive, but it works.",
        "Instructions were a bit confusing; figured it out eventually.",
      ],
    },
    negative: {
      titles: ["Disappointed", "Not as pictured", "Broke after a week, sadly", '"Premium"? Not really'],
      sentences: [
        "Stopped working after a week, returned it.",
        'Described as "waterproof", it is not.',
        "Way too small, runs two sizes small.",
        "Customer service never answered my emails, 0/10.",
      ],
    },
  },
  fr: {
    positive: {
      titles: ["Très bon produit", "Parfait, merci !", "Qualité au rendez-vous"],
      sentences: ["Très bien, livraison rapide — je recommande.", "Conforme à la description, bien emballé.", "Ma fille l'adore, « coup de cœur » assuré."],
    },
    neutral: { titles: ["Correct, sans plus", "Bof"], sentences: ["Correct pour le prix, sans plus.", "La couleur est un peu différente de la photo."] },
    negative: { titles: ["Décevant", "À éviter"], sentences: ["Déçu : la couleur ne correspond pas, et la taille non plus.", "Cassé au bout d'une semaine, remboursé."] },
  },
  de: {
    positive: {
      titles: ["Sehr gut, gerne wieder", "Top Qualität!", "Klare Empfehlung"],
      sentences: ["Größe passt, Qualität über Erwartung.", "Schnelle Lieferung, alles bestens.", 'Das "Premium"-Material fühlt sich wirklich hochwertig an.'],
    },
    neutral: { titles: ["Geht so", "Okay für den Preis"], sentences: ["Qualität okay, Verpackung beschädigt.", "Funktioniert, aber die Anleitung ist schwer verständlich."] },
    negative: { titles: ["Leider enttäuscht", "Nicht zu empfehlen"], sentences: ["Leider kaputt angekommen, Rücksendung läuft.", "Viel zu klein, fällt zwei Nummern kleiner aus."] },
  },
  es: {
    positive: {
      titles: ["¡Excelente!", "Muy buena compra"],
      sentences: ["¡Me encantó! Tamaño perfecto, color exacto.", "Llegó antes de lo previsto, muy bien empaquetado."],
    },
    neutral: { titles: ["Normal", "Cumple, sin más"], sentences: ["Funciona, pero esperaba más.", "El color es algo distinto al de la foto."] },
    negative: { titles: ["Muy mala calidad", "No lo recomiendo"], sentences: ["No lo recomiendo, se rompió enseguida.", 'Dice "resistente al agua", y no lo es.'] },
  },
  pt: {
    positive: { titles: ["Ótimo produto", "Recomendo!"], sentences: ["Produto excelente, chegou antes do prazo.", "Qualidade ótima, embalagem caprichada."] },
    neutral: { titles: ["Razoável"], sentences: ["É bom, mas poderia ser melhor.", "Demorou para chegar, mas funciona."] },
    negative: { titles: ["Decepcionante"], sentences: ["Veio com defeito, pedi a devolução.", "Não é o que mostra a foto, infelizmente."] },
  },
  it: {
    positive: { titles: ["Ottimo, consigliato", "Perfetto"], sentences: ["Qualità ottima, spedizione velocissima.", "Esattamente come descritto, lo ricomprerei."] },
    neutral: { titles: ["Nella media"], sentences: ["Va bene, niente di più.", "Il colore è un po' diverso dalla foto."] },
    negative: { titles: ["Deludente"], sentences: ["Si è rotto dopo una settimana, reso.", "Taglia sbagliata, troppo piccolo."] },
  },
  ja: {
    positive: { titles: ["最高です", "大満足"], sentences: ["とても良い商品です。また買います。", "思ったより早く届きました、梱包も丁寧でした。"] },
    neutral: { titles: ["まあまあ"], sentences: ["説明書が分かりにくいです。", "値段相応だと思います。"] },
    negative: { titles: ["残念でした"], sentences: ["品質が悪いです。返品しました。", "写真と色が違いました。"] },
  },
  zh: {
    positive: { titles: ["非常满意"], sentences: ["商品质量很好，物流也快。", "和描述的一样，推荐购买！"] },
    neutral: { titles: ["一般"], sentences: ["还可以，就是包装有点简单。"] },
    negative: { titles: ["不推荐"], sentences: ["用了一周就坏了，已退货。"] },
  },
  ru: {
    positive: { titles: ["Отлично!"], sentences: ["Отличный товар, спасибо!", "Доставка быстрая, всё как на фото."] },
    neutral: { titles: ["Нормально"], sentences: ["В целом неплохо, но цвет немного другой."] },
    negative: { titles: ["Разочарован"], sentences: ["Сломался через неделю, вернул."] },
  },
};

const LANGUAGE_BY_COUNTRY: Readonly<Record<string, string>> = {
  FR: "fr", DE: "de", CH: "de", ES: "es", MX: "es", BR: "pt", IT: "it", JP: "ja",
};

function sentiment(rating: number): Sentiment {
  return rating >= 4 ? "positive" : rating === 3 ? "neutral" : "negative";
}

/** The reviewer's language: mostly their country's, often English, sometimes another community's. */
function language(rng: Rng, country: string | null): string {
  const u = rng.next();
  if (u < 0.04) return "zh";
  if (u < 0.07) return "ru";
  const local = country ? LANGUAGE_BY_COUNTRY[country] : undefined;
  return local && u < 0.8 ? local : "en";
}

export function reviewText(rng: Rng, rating: number, productName: string, country: string | null): { title: string | null; comment: string | null } {
  const s = sentiment(rating);
  const lang = language(rng, country);
  const bank = (BANKS[lang] ?? BANKS.en!)[s];
  const title = rng.chance(0.1) ? null : rng.pick(bank.titles);
  if (rng.chance(0.07)) return { title, comment: null };
  const parts = [rng.pick(bank.sentences)];
  if (rng.chance(0.45)) {
    const second = rng.pick(bank.sentences);
    if (second !== parts[0]) parts.push(second);
  }
  if (lang === "en" && rng.chance(0.2)) parts.push(`About the "${productName}": ${s === "negative" ? "would not buy again." : "as expected, works well."}`);
  // Sentences joined by a space or by line breaks (mostly LF, some blank lines, a few CRLF).
  const u = rng.next();
  const sep = u < 0.55 ? " " : u < 0.85 ? "\n" : u < 0.95 ? "\n\n" : "\r\n";
  return { title, comment: parts.join(sep) };
}
