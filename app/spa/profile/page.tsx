import { PAGES } from "@/lib/pages";
import { spaPage } from "../spa-page";
import { ProfileView } from "./ProfileView";

export const metadata = { title: PAGES.profile.title };
export default spaPage("profile", ProfileView);
