package api

import (
	_ "embed"
	"net/http"
)

// OpenAPI is the OpenAPI 3.1 description of this API. openapi.json in this
// directory is the one source; docs/openapi.json is a copy that
// TestOpenAPIDocsCopy keeps identical, and TestOpenAPIMatchesRoutes and
// TestOpenAPIValid keep it true to the routes and well-formed.
//
//go:embed openapi.json
var OpenAPI []byte

// openapiRoutes serves the OpenAPI description of this API.
func (s *Server) openapiRoutes() {
	s.mux.HandleFunc("GET /openapi.json", func(w http.ResponseWriter, r *http.Request) {
		// A public document: any API tool may load it from any origin.
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("Content-Type", "application/json")
		w.Write(OpenAPI)
	})
}
