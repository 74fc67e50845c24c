/** The product's name: the header, and every page's <title> ("Profile · Entra Workspace"). */
export const APP_NAME = "Entra Workspace";
