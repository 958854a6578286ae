"""masdar for AI assistants: an MCP server whose every figure comes with its quotes.

- ``server``: the tools, resources and prompts (the official SDK's ``MCPServer``), and
  how their errors follow the REST API's problem details;
- ``tools``: one tool per REST read (same services, filters and rate limits);
- ``models``: their answers (the REST schemas plus quote URLs and figure bases);
- ``publish``: service rows → answers; ``reader``: sessions, rate limits, base URL;
- ``resources``, ``prompts``; ``http``: streamable HTTP at ``/mcp`` in the app.

``masdar mcp`` serves the same server over stdio (app/cli.py). docs/mcp.md is the guide.
"""
