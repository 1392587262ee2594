package store

// DashboardStore holds what the dashboard needs beyond the API's own
// methods (sign-in sessions).
type DashboardStore interface{}
