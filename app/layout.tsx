import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Header } from "./components/Header";
import "./globals.css";

export const metadata: Metadata = {
  title: "Entra dual-mode app",
  description: "Server-rendered and SPA pages against Microsoft Entra ID with the same two app registrations",
  // public/: the favicon at /favicon.ico, the home-screen icons and the web app manifest (app/icon.svg is the tab icon).
  manifest: "/site.webmanifest",
  icons: { apple: "/apple-touch-icon.png" },
  robots: { index: false, follow: false },
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Header />
        {children}
      </body>
    </html>
  );
}
