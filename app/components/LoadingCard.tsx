import { ListSkeleton } from "./Skeletons";

/** A generic data area while it loads (pages with their own shape use Skeletons.tsx). */
export function LoadingCard() {
  return <ListSkeleton shape="list" rows={4} />;
}
