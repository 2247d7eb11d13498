/** Storage key of the chosen theme: "light" | "dark" | absent (follow the system). */
export const THEME_KEY = "portal-theme";

/** Runs in <head> before first paint so a dark-mode user never sees a white flash. */
export const THEME_SCRIPT = `(function(){try{var t=localStorage.getItem(${JSON.stringify(THEME_KEY)});var d=t?t==="dark":window.matchMedia("(prefers-color-scheme: dark)").matches;document.documentElement.classList.toggle("dark",d);}catch(e){}})();`;
