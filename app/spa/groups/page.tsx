import { PAGES } from "@/lib/pages";
import { spaPage } from "../spa-page";
import { GroupsView } from "./GroupsView";

export const metadata = { title: PAGES.groups.title };
export default spaPage("groups", GroupsView);
