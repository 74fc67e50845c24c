import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Header } from "./components/Header";
import { NavigationClock } from "./components/NavigationClock";
import "./globals.css";

export const metadata: Metadata = {
  title: "Entra dual-mode app",
  description: "Server-rendered and SPA pages against Microsoft Entra ID with the same two app registrations",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <NavigationClock />
        <Header />
        {children}
      </body>
    </html>
  );
}
