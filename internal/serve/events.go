package serve

import (
	"fmt"
	"net/http"
	"time"
)

// events streams Server-Sent Events to one browser until it goes away or
// the server shuts down.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	// The server's WriteTimeout protects ordinary requests; a stream lives on.
	if err := rc.SetWriteDeadline(time.Time{}); err != nil {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	c := s.live.subscribe()
	defer s.live.unsubscribe(c)
	// A restarted server is back within a second; reconnect quickly.
	if write(w, rc, "retry: 1000\n\n") != nil {
		return
	}
	s.stream(w, r, rc, c)
}

func (s *Server) stream(w http.ResponseWriter, r *http.Request, rc *http.ResponseController, c *client) {
	beat := time.NewTicker(s.cfg.Heartbeat)
	defer beat.Stop()
	for {
		var msg string
		select {
		case <-r.Context().Done():
			return
		case ev, ok := <-c.ch:
			if !ok {
				return
			}
			msg = fmt.Sprintf("event: %s\ndata: %s\n\n", ev.name, ev.data)
		case <-beat.C:
			// A comment keeps proxies and idle timers from closing the stream.
			msg = ": heartbeat\n\n"
		}
		if write(w, rc, msg) != nil {
			return
		}
	}
}

func write(w http.ResponseWriter, rc *http.ResponseController, msg string) error {
	if _, err := fmt.Fprint(w, msg); err != nil {
		return err
	}
	return rc.Flush()
}
