// Raw Microsoft Graph shapes (what the wire carries) and the app's own shapes, kept apart.

export interface GraphUser {
  id: string;
  displayName?: string | null;
  mail?: string | null;
  jobTitle?: string | null;
  userPrincipalName?: string | null;
  department?: string | null;
  officeLocation?: string | null;
  accountEnabled?: boolean | null;
}

export interface GraphDirectoryObject {
  "@odata.type"?: string;
  id: string;
  displayName?: string | null;
  description?: string | null;
  securityEnabled?: boolean | null;
}

export interface GraphCollection<T> {
  value: T[];
  "@odata.nextLink"?: string;
  "@odata.count"?: number;
}

export interface GraphErrorBody {
  error?: { code?: string; message?: string };
}

/** The signed-in user's profile as the app shows it. */
export interface Profile {
  id: string;
  displayName: string;
  mail: string | null;
  jobTitle: string | null;
  userPrincipalName: string;
  department: string | null;
  officeLocation: string | null;
}

/** Another user as the directory shows them: the basic profile User.ReadBasic.All reads. */
export interface Person {
  id: string;
  displayName: string;
  mail: string | null;
  userPrincipalName: string;
}

/** People per directory page. */
export const DIRECTORY_PAGE_SIZE = 10;

export interface PeoplePage {
  items: Person[];
  /** Opaque token for the next page, or null on the last page. */
  nextPage: string | null;
  /** How many match in all (Graph's @odata.count), when Graph says. */
  total?: number;
}

export interface Group {
  id: string;
  displayName: string;
}

export interface GroupList {
  groups: Group[];
  total: number;
  /** true when the cap was reached before the last page. */
  truncated: boolean;
  source: "graph";
}

export interface Photo {
  bytes: Uint8Array;
  contentType: string;
}

/** A disabled account as the admin page and the service API list it. */
export interface DisabledUser {
  id: string;
  displayName: string;
  userPrincipalName: string;
  mail: string | null;
}

export interface DisabledUsersPage {
  items: DisabledUser[];
  /** Opaque token for the next page, or null on the last page. */
  nextPage: string | null;
}

/** Directory health for daemons, read with the backend's application permissions. */
export interface DirectoryHealth {
  tenantId: string;
  checkedAt: string;
  /** total: omitted when Graph does not count (no advanced-query support). */
  users: { total?: number; disabled: number };
}
