import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { APP_NAME } from "./components/brand";
import { Header } from "./components/Header";
import { NavigationClock } from "./components/NavigationClock";
import { SessionSync } from "./components/SessionSync";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: APP_NAME, template: `%s · ${APP_NAME}` },
  description: "Your Microsoft 365 profile, the people in your organization and the groups you belong to.",
  // public/: the favicon at /favicon.ico, the home-screen icons and the web app manifest (app/icon.svg is the tab icon).
  manifest: "/site.webmanifest",
  icons: { apple: "/apple-touch-icon.png" },
  robots: { index: false, follow: false },
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  colorScheme: "light dark",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <NavigationClock />
        <Header />
        <SessionSync />
        <div id="main" tabIndex={-1}>
          {children}
        </div>
      </body>
    </html>
  );
}
