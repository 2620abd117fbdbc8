// Starts Swagger UI on the API documentation page (a file, not an inline script: the CSP forbids those).
// The OpenAPI document's address comes from the page's data-spec-url attribute.
const root = document.getElementById("swagger-ui");
window.ui = window.SwaggerUIBundle({
  url: root.dataset.specUrl,
  dom_id: "#swagger-ui",
  deepLinking: true,
  presets: [window.SwaggerUIBundle.presets.apis],
  layout: "BaseLayout",
  validatorUrl: null,
  persistAuthorization: false,
});
