#!/usr/bin/env bash
# Registers the app in the tenant `az login` signed into: the backend and frontend registrations, their
# permissions and tenant-wide consent, the optional claims the app reads, credentials; then writes the
# app's settings to entra.env. The README includes this file verbatim; test/az-script.test.ts runs it
# against a recording stand-in for az. Needs az, openssl and uuidgen.
#   APP_URL=https://app.example.com [DIRECTORY_ADMIN=admin@contoso.com] [BACKEND_CREDENTIAL=secret] \
#     bash scripts/register-entra-apps.sh
set -euo pipefail

APP="${APP_URL:?set APP_URL to the public origin of the app, e.g. https://app.example.com}"
ADMIN_UPN="${DIRECTORY_ADMIN:-}"                 # optional: a user who may open /admin/disabled-users
CREDENTIAL="${BACKEND_CREDENTIAL:-certificate}"  # the backend's credential: certificate or secret
OUT="${ENV_FILE:-entra.env}"
GRAPH=00000003-0000-0000-c000-000000000000
new_id() { uuidgen | tr '[:upper:]' '[:lower:]'; }
graph() { az rest --method "$1" --uri "https://graph.microsoft.com/v1.0/$2" --headers Content-Type=application/json --body "$3" -o none; }
TENANT=$(az account show --query tenantId -o tsv)

# 1. The two registrations (single tenant) and their service principals.
BACKEND=$(az ad app create --display-name "dual-mode api" --sign-in-audience AzureADMyOrg \
  --web-redirect-uris "$APP/auth/consent/callback" --query appId -o tsv)
FRONTEND=$(az ad app create --display-name "dual-mode web" --sign-in-audience AzureADMyOrg \
  --web-redirect-uris "$APP/api/auth/callback/microsoft-entra-id" "$APP/signed-out" --query appId -o tsv)
BACKEND_SP=$(az ad sp create --id "$BACKEND" --query id -o tsv)
az ad sp create --id "$FRONTEND" --query id -o tsv >/dev/null
GRAPH_SP=$(az ad sp show --id "$GRAPH" --query id -o tsv)

# 2. Backend: App ID URI, v2 access tokens, the access_as_user scope, the frontend as a known client
#    (one consent covers both hops), the app roles service-api (daemons) and Directory.Admin (users).
SCOPE_ID=$(new_id) SERVICE_ROLE_ID=$(new_id) ADMIN_ROLE_ID=$(new_id)
az ad app update --id "$BACKEND" --identifier-uris "api://$BACKEND"
graph PATCH "applications(appId='$BACKEND')" "{
  \"api\": { \"requestedAccessTokenVersion\": 2, \"knownClientApplications\": [\"$FRONTEND\"],
    \"oauth2PermissionScopes\": [{ \"id\": \"$SCOPE_ID\", \"value\": \"access_as_user\", \"type\": \"User\", \"isEnabled\": true,
      \"adminConsentDisplayName\": \"Access the API as the user\", \"adminConsentDescription\": \"Access the API as the user\",
      \"userConsentDisplayName\": \"Access the API as you\", \"userConsentDescription\": \"Access the API as you\" }] },
  \"appRoles\": [
    { \"id\": \"$SERVICE_ROLE_ID\", \"value\": \"service-api\", \"displayName\": \"Call the service API\",
      \"description\": \"Daemons\", \"allowedMemberTypes\": [\"Application\"], \"isEnabled\": true },
    { \"id\": \"$ADMIN_ROLE_ID\", \"value\": \"Directory.Admin\", \"displayName\": \"Directory administrators\",
      \"description\": \"Admin pages\", \"allowedMemberTypes\": [\"User\"], \"isEnabled\": true } ] }"

# 3. Frontend: SPA redirect URI, front-channel logout URL (Web redirect URIs kept: PATCH replaces "web").
graph PATCH "applications(appId='$FRONTEND')" "{\"spa\": {\"redirectUris\": [\"$APP/spa-redirect\"]},
  \"web\": {\"logoutUrl\": \"$APP/auth/frontchannel-logout\",
    \"redirectUris\": [\"$APP/api/auth/callback/microsoft-entra-id\", \"$APP/signed-out\"]}}"

# 4. Optional claims the app reads: login_hint in the frontend's ID tokens (sign-out, SPA single sign-on),
#    idtyp in the backend's access tokens (tells app-only tokens apart).
az ad app update --id "$FRONTEND" --optional-claims '{"idToken": [{"name": "login_hint", "essential": false}]}'
az ad app update --id "$BACKEND" --optional-claims '{"accessToken": [{"name": "idtyp", "essential": false}]}'

# 5. Permissions. Backend → Graph: delegated User.Read, User.ReadBasic.All, GroupMember.Read.All; application
#    User.Read.All. Frontend → the backend's access_as_user, and Graph's openid, profile, email, offline_access.
az ad app permission add --id "$BACKEND" --api "$GRAPH" --api-permissions \
  e1fe6dd8-ba31-4d61-89e7-88639da4683d=Scope b340eb25-3456-403f-be2f-af7a0d370277=Scope \
  bc024368-1153-4739-b217-4326f2e966d0=Scope df021288-bdef-4463-88db-98f22de89214=Role
az ad app permission add --id "$FRONTEND" --api "$BACKEND" --api-permissions "$SCOPE_ID=Scope"
az ad app permission add --id "$FRONTEND" --api "$GRAPH" --api-permissions \
  37f7f235-527c-4136-accd-4a02d197296e=Scope 14dad69e-099b-42c9-810b-d002981feec1=Scope \
  64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0=Scope 7427e0e9-2fba-42fe-b0c0-848c9e6a8182=Scope

# 6. Tenant-wide consent. Delegated grants: Cloud Application Administrator or Application Administrator.
#    The Graph application permission: Privileged Role Administrator or Global Administrator.
az ad app permission grant --id "$FRONTEND" --api "$GRAPH" --scope openid profile email offline_access -o none
az ad app permission grant --id "$FRONTEND" --api "$BACKEND" --scope access_as_user -o none
az ad app permission grant --id "$BACKEND" --api "$GRAPH" --scope User.Read User.ReadBasic.All GroupMember.Read.All -o none
graph POST "servicePrincipals/$BACKEND_SP/appRoleAssignments" \
  "{\"principalId\": \"$BACKEND_SP\", \"resourceId\": \"$GRAPH_SP\", \"appRoleId\": \"df021288-bdef-4463-88db-98f22de89214\"}"

# 7. Directory.Admin for a user (assigning a group instead needs Entra ID P1 or P2).
if [ -n "$ADMIN_UPN" ]; then
  ADMIN_ID=$(az ad user show --id "$ADMIN_UPN" --query id -o tsv)
  graph POST "servicePrincipals/$BACKEND_SP/appRoleAssignedTo" \
    "{\"principalId\": \"$ADMIN_ID\", \"resourceId\": \"$BACKEND_SP\", \"appRoleId\": \"$ADMIN_ROLE_ID\"}"
fi

# 8. Credentials, valid one year: the frontend's secret; the backend's certificate (its public part
#    uploaded, key and certificate in backend.pem for the app) or a secret.
FRONTEND_SECRET=$(az ad app credential reset --id "$FRONTEND" --append --display-name "dual-mode web" --years 1 --query password -o tsv)
if [ "$CREDENTIAL" = certificate ]; then
  openssl req -x509 -newkey rsa:2048 -sha256 -days 365 -nodes -subj "/CN=dual-mode api" \
    -keyout backend.key -out backend.crt 2>/dev/null
  cat backend.crt backend.key > backend.pem && chmod 600 backend.key backend.pem
  az ad app credential reset --id "$BACKEND" --append --cert @backend.crt >/dev/null
  BACKEND_SETTING="ENTRA_BACKEND_CERTIFICATE_PATH=$PWD/backend.pem"
else
  BACKEND_SETTING="ENTRA_BACKEND_CLIENT_SECRET=$(az ad app credential reset --id "$BACKEND" --append \
    --display-name "dual-mode api" --years 1 --query password -o tsv)"
fi

# 9. The app's settings (secrets: readable by you alone).
umask 077
cat > "$OUT" <<SETTINGS
ENTRA_INSTANCE=https://login.microsoftonline.com
ENTRA_TENANT_ID=$TENANT
ENTRA_FRONTEND_CLIENT_ID=$FRONTEND
ENTRA_FRONTEND_CLIENT_SECRET=$FRONTEND_SECRET
ENTRA_BACKEND_CLIENT_ID=$BACKEND
ENTRA_BACKEND_APP_ID_URI=api://$BACKEND
$BACKEND_SETTING
AUTH_URL=$APP
AUTH_SECRET=$(openssl rand -base64 33)
SETTINGS
echo "Wrote $OUT. The backend's service principal is $BACKEND_SP; its service-api app role id is $SERVICE_ROLE_ID (for daemons)."
