import type { Channel, Device } from "../contracts/tables";

/** Fixed vocabularies and mixes behind the sample data (a mid-size online shop shipping worldwide). */

export interface CountryInfo {
  code: string;
  weight: number;
  /** Sales tax / VAT applied on (subtotal - discount). */
  taxRate: number;
  cities: readonly string[];
}

// Cities include accents and non-Latin scripts on purpose (UTF-8 end to end).
export const COUNTRIES: readonly CountryInfo[] = [
  { code: "US", weight: 34, taxRate: 0.0725, cities: ["New York", "Los Angeles", "Chicago", "Houston", "Seattle", "Austin", "Miami", "Denver"] },
  { code: "GB", weight: 10, taxRate: 0.2, cities: ["London", "Manchester", "Bristol", "Edinburgh", "Leeds"] },
  { code: "DE", weight: 9, taxRate: 0.19, cities: ["Berlin", "München", "Köln", "Hamburg", "Düsseldorf"] },
  { code: "FR", weight: 8, taxRate: 0.2, cities: ["Paris", "Lyon", "Marseille", "Nîmes", "Besançon"] },
  { code: "CA", weight: 6, taxRate: 0.13, cities: ["Toronto", "Montréal", "Vancouver", "Québec", "Calgary"] },
  { code: "ES", weight: 5, taxRate: 0.21, cities: ["Madrid", "Barcelona", "Málaga", "Sevilla", "A Coruña"] },
  { code: "IT", weight: 5, taxRate: 0.22, cities: ["Roma", "Milano", "Torino", "Napoli", "Forlì"] },
  { code: "NL", weight: 4, taxRate: 0.21, cities: ["Amsterdam", "Rotterdam", "Utrecht", "Den Haag"] },
  { code: "JP", weight: 4, taxRate: 0.1, cities: ["東京", "大阪", "京都", "Yokohama", "札幌"] },
  { code: "BR", weight: 4, taxRate: 0.17, cities: ["São Paulo", "Rio de Janeiro", "Brasília", "Belém"] },
  { code: "AU", weight: 3, taxRate: 0.1, cities: ["Sydney", "Melbourne", "Brisbane", "Perth"] },
  { code: "MX", weight: 3, taxRate: 0.16, cities: ["Ciudad de México", "Guadalajara", "Monterrey", "Mérida"] },
  { code: "SE", weight: 2, taxRate: 0.25, cities: ["Stockholm", "Göteborg", "Malmö", "Uppsala"] },
  { code: "PL", weight: 2, taxRate: 0.23, cities: ["Warszawa", "Kraków", "Łódź", "Wrocław", "Gdańsk"] },
  { code: "CH", weight: 1, taxRate: 0.081, cities: ["Zürich", "Genève", "Basel", "Lausanne"] },
];

/** The shop is US-based: domestic shipping is cheaper. */
export const HOME_COUNTRY = "US";

export const SESSION_CHANNEL_WEIGHTS: Readonly<Record<Channel, number>> = {
  organic: 29,
  paid_search: 18,
  direct: 16,
  paid_social: 10,
  social: 8,
  email: 8,
  referral: 5,
  affiliate: 5,
  other: 1,
};

export const ACQUISITION_CHANNEL_WEIGHTS: Readonly<Record<Channel, number>> = {
  organic: 30,
  paid_search: 22,
  paid_social: 14,
  social: 8,
  referral: 8,
  affiliate: 7,
  direct: 6,
  email: 3,
  other: 2,
};

/** How likely a session of the channel is to move down the funnel (relative). */
export const CHANNEL_INTENT: Readonly<Record<Channel, number>> = {
  organic: 1.0,
  paid_search: 1.1,
  direct: 1.15,
  paid_social: 0.75,
  social: 0.7,
  email: 1.3,
  referral: 1.0,
  affiliate: 1.05,
  other: 0.9,
};

export const DEVICE_WEIGHTS: Readonly<Record<Device, number>> = { mobile: 57, desktop: 35, tablet: 6, other: 2 };
export const DEVICE_INTENT: Readonly<Record<Device, number>> = { mobile: 0.88, desktop: 1.22, tablet: 1.0, other: 0.8 };

/** utm_source / utm_medium per channel; campaigns are built from the month. */
export const UTM: Partial<Record<Channel, { sources: readonly string[]; medium: string; campaigns: readonly string[] }>> = {
  paid_search: { sources: ["google", "google", "bing"], medium: "cpc", campaigns: ["brand", "generic", "shopping"] },
  paid_social: { sources: ["facebook", "instagram", "tiktok"], medium: "paid_social", campaigns: ["prospecting", "retargeting"] },
  email: { sources: ["newsletter", "crm"], medium: "email", campaigns: ["weekly", "winback", "cart_reminder"] },
  affiliate: { sources: ["rakuten", "awin", "cj"], medium: "affiliate", campaigns: ["partners"] },
  social: { sources: ["instagram", "facebook", "pinterest"], medium: "social", campaigns: [] },
};

export interface CategoryInfo {
  name: string;
  slug: string;
  /** Share of the catalogue. */
  weight: number;
  /** Typical list price (median, USD) and spread (lognormal sigma). */
  medianPrice: number;
  priceSigma: number;
  /** Unit cost as a share of price: [min, max] — sets the category's margin. */
  costRatio: readonly [number, number];
  /** subcategory → product nouns */
  subcategories: Readonly<Record<string, readonly string[]>>;
  brands: readonly string[];
}

export const CATEGORIES: readonly CategoryInfo[] = [
  {
    name: "Electronics", slug: "electronics", weight: 16, medianPrice: 89, priceSigma: 0.9, costRatio: [0.74, 0.86],
    subcategories: {
      Headphones: ["Wireless Earbuds", "Noise-Cancelling Headphones"],
      Speakers: ["Bluetooth Speaker", "Soundbar"],
      Cameras: ["Action Camera", "Instant Camera"],
      Accessories: ["USB-C Hub", "Power Bank", "Charging Cable"],
      Wearables: ["Smartwatch", "Fitness Tracker"],
    },
    brands: ["Voltix", "Sonora", "Pixelon", "Nordlicht"],
  },
  {
    name: "Fashion", slug: "fashion", weight: 20, medianPrice: 39, priceSigma: 0.6, costRatio: [0.32, 0.48],
    subcategories: {
      Women: ["Linen Dress", "Wool Sweater", "Silk Blouse"],
      Men: ["Linen Shirt", "Denim Jacket", "Chino Pants"],
      Shoes: ["Trail Runner", "Leather Sneaker", "Rain Boot"],
      Bags: ["Leather Tote", "Canvas Backpack"],
    },
    brands: ["Maison Étoile", "Urban Fox", "Kōen", "Fjällvik"],
  },
  {
    name: "Home & Kitchen", slug: "home", weight: 16, medianPrice: 34, priceSigma: 0.7, costRatio: [0.45, 0.6],
    subcategories: {
      Cookware: ["Cast Iron Skillet", "Chef's Knife", "Dutch Oven"],
      Decor: ["Ceramic Vase", "Scented Candle"],
      Bedding: ["Linen Duvet Cover", "Wool Throw"],
      Storage: ["Glass Storage Set", "Bamboo Organizer"],
    },
    brands: ["Casa Nova", "Hygge & Co", "Küchenwerk", "Terracotta"],
  },
  {
    name: "Beauty", slug: "beauty", weight: 12, medianPrice: 22, priceSigma: 0.5, costRatio: [0.28, 0.42],
    subcategories: {
      Skincare: ["Vitamin C Serum", "Hydrating Cream", "Clay Mask"],
      Makeup: ["Matte Lipstick", "Mascara"],
      Fragrance: ["Eau de Parfum", "Body Mist"],
      Hair: ["Argan Hair Oil", "Repair Shampoo"],
    },
    brands: ["Lumière", "Aloë Lab", "Sakura Skin", "Nordic Glow"],
  },
  {
    name: "Sports & Outdoors", slug: "sports", weight: 12, medianPrice: 45, priceSigma: 0.8, costRatio: [0.5, 0.64],
    subcategories: {
      Fitness: ["Yoga Mat", "Kettlebell", "Resistance Bands"],
      Camping: ["Camping Stove", "Trekking Poles", "Sleeping Bag"],
      Cycling: ["Bike Light Set", "Cycling Gloves"],
      Running: ["Running Vest", "Running Socks"],
    },
    brands: ["Summit", "Peak & Pine", "Velocità", "Ostrava Sport"],
  },
  {
    name: "Books", slug: "books", weight: 9, medianPrice: 16, priceSigma: 0.35, costRatio: [0.6, 0.74],
    subcategories: {
      Fiction: ["Novel", "Short Stories"],
      Cookbooks: ["Cookbook", "Baking Book"],
      Business: ["Handbook", "Field Guide"],
      Children: ["Picture Book", "Activity Book"],
    },
    brands: ["Penrose Press", "Éditions Lune", "Orbit Books"],
  },
  {
    name: "Toys & Games", slug: "toys", weight: 8, medianPrice: 29, priceSigma: 0.6, costRatio: [0.48, 0.6],
    subcategories: {
      "Board Games": ["Board Game", "Card Game"],
      Puzzles: ["1000-Piece Puzzle", "3D Puzzle"],
      "Building Sets": ["Building Set", "Marble Run"],
      Plush: ["Plush Bear", "Plush Fox"],
    },
    brands: ["Playforge", "Tiny Giants", "Würfelwerk"],
  },
  {
    name: "Grocery", slug: "grocery", weight: 7, medianPrice: 12, priceSigma: 0.45, costRatio: [0.68, 0.8],
    subcategories: {
      "Coffee & Tea": ["Single-Origin Coffee", "Matcha Powder", "Sencha Tea"],
      Snacks: ["Dark Chocolate", "Granola"],
      Pantry: ["Olive Oil", "Balsamic Vinegar"],
    },
    brands: ["Café Bonté", "Olivar", "Kyoto Leaf", "Crunchy Co"],
  },
];

export const PRODUCT_ADJECTIVES: readonly string[] = ["Classic", "Pro", "Everyday", "Compact", "Premium", "Eco", "Signature", "Ultra", "Mini", "Deluxe"];
export const PRODUCT_VARIANTS: readonly string[] = ["Black", "White", "Navy", "Olive", "Sand", "Red", "Large", "Small", "Set of 2"];

export const PAYMENT_METHOD_WEIGHTS: Readonly<Record<string, number>> = {
  card: 60,
  paypal: 20,
  apple_pay: 9,
  google_pay: 5,
  bank_transfer: 3,
  gift_card: 3,
};

export const GENDER_WEIGHTS: Readonly<Record<string, number>> = { female: 49, male: 43, non_binary: 2, "": 6 };
