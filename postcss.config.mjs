// Tailwind CSS v4 at build time: the stylesheet is plain CSS in the page, no styling code runs in the browser.
const config = { plugins: { "@tailwindcss/postcss": {} } };
export default config;
