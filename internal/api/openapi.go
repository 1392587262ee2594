package api

// openapiRoutes serves the OpenAPI description of this API.
func (s *Server) openapiRoutes() {}
