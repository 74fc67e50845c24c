"""Microsoft's Python MSAL against the emulator, driven by emulator/test/python-msal.ts.

argv[1] is a JSON request; every answer is one JSON line on stdout. The emulator's CA comes from
REQUESTS_CA_BUNDLE. The authority is used as on Entra: the only extra setting is the instance
discovery endpoint any custom authority needs (MSAL then asks it for the authority's host, port dropped).
"""
import json
import sys

import msal


def say(obj):
    print(json.dumps(obj), flush=True)


def app(req, confidential):
    options = dict(authority=req["authority"], instance_discovery=req["instance_discovery"])
    if not confidential:
        return msal.PublicClientApplication(req["client_id"], **options)
    credential = {"private_key": req["private_key"], "thumbprint": req["thumbprint"]}
    return msal.ConfidentialClientApplication(req["client_id"], client_credential=credential, **options)


def main():
    req = json.loads(sys.argv[1])
    command = req["command"]
    if command == "client_credentials":
        say(app(req, True).acquire_token_for_client(scopes=req["scopes"]))
    elif command == "on_behalf_of":
        say(app(req, True).acquire_token_on_behalf_of(req["assertion"], scopes=req["scopes"]))
    elif command == "device_flow":
        client = app(req, False)
        flow = client.initiate_device_flow(scopes=req["scopes"])
        say({"flow": {k: flow.get(k) for k in ("user_code", "verification_uri", "expires_in", "interval", "message", "error")}})
        if "user_code" in flow:
            say(client.acquire_token_by_device_flow(flow))
    else:
        say({"error": "unknown_command"})


main()
