// Tailwind 4 runs as a PostCSS plugin; configuration lives in app/globals.css (@theme).
export default {
  plugins: { "@tailwindcss/postcss": {} },
};
