// Swagger UI over this local mode's own OpenAPI document; "Try it out" calls this server (the
// document's first server is rewritten to the address the page was loaded from).
window.ui = SwaggerUIBundle({
  url: "/openapi.yaml",
  dom_id: "#swagger-ui",
  deepLinking: true,
  displayRequestDuration: true,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout",
});
