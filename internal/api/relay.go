package api

import "github.com/esahayak/esahayak/internal/store"

// relayRoutes registers the routes `esahayak listen` connects to.
func (s *Server) relayRoutes() {}

// eventWritten is called after an order event has been committed.
func (s *Server) eventWritten(ev store.Event) {}
