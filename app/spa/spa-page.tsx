import type { ComponentType } from "react";
import { PageHeader } from "@/app/components/PageHeader";
import type { PageName } from "@/lib/pages";

/** An SPA page that needs nothing from the URL: the registry's heading, then its client view. */
export function spaPage(page: PageName, View: ComponentType) {
  return function SpaPage() {
    return (
      <main>
        <PageHeader page={page} mode="spa" />
        <View />
      </main>
    );
  };
}
