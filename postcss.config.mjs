// Tailwind CSS v4 at build time: the stylesheet is plain CSS in the page, no styling code runs in the browser.
export default { plugins: { "@tailwindcss/postcss": {} } };
