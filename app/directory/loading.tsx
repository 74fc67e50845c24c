import { LoadingCard } from "@/app/components/LoadingCard";

export default function Loading() {
  return (
    <main>
      <LoadingCard />
    </main>
  );
}
