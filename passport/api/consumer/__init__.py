"""Passport as a consumer of another host's Open Badges 3.0 API: discovery, dynamic
registration, the authorization-code grant with PKCE, and importing what it holds."""
