package emulator

import (
	"errors"
	"fmt"
	"net"
	"sync"
	"time"
)

// A proxy or sidecar in front of an API restarts now and then: for a few
// seconds nothing listens, connections are refused, and the connections it
// held are gone. Clients must ride that out without losing track of writes
// they sent just before. The listener here can do that on request: it
// closes its socket (so dials are refused, not left hanging), closes every
// connection it accepted, and binds the same address again once the outage
// is over.

// Listen binds addr (host:port; port 0 picks a free one) for serving the
// emulator. Outages (Fault.Outage, RefuseConnections) act on the listeners
// made here; a listener made elsewhere serves the emulator but cannot have
// outages.
func (e *Emulator) Listen(addr string) (net.Listener, error) {
	inner, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	l := &outageListener{inner: inner, addr: inner.Addr().String(), conns: map[*trackedConn]struct{}{}}
	e.listenersMu.Lock()
	e.listeners = append(e.listeners, l)
	e.listenersMu.Unlock()
	return l, nil
}

// RefuseConnections starts an outage of d on every listener from Listen:
// connections are refused until d has passed, and the open ones are closed
// now. It returns at once; an outage already under way is not extended.
func (e *Emulator) RefuseConnections(d time.Duration) error {
	return e.startOutage(d, "")
}

// startOutage is RefuseConnections sparing the connection from the client
// address spare, which the request that started the outage is answered on.
func (e *Emulator) startOutage(d time.Duration, spare string) error {
	e.listenersMu.Lock()
	listeners := append([]*outageListener(nil), e.listeners...)
	e.listenersMu.Unlock()
	if len(listeners) == 0 {
		return errors.New("emulator: no listener from Emulator.Listen to refuse connections on")
	}
	for _, l := range listeners {
		l.refuseFor(d, spare)
	}
	return nil
}

type outageListener struct {
	addr string // the bound address, bound again after an outage

	mu     sync.Mutex
	inner  net.Listener
	conns  map[*trackedConn]struct{}
	back   chan struct{} // closed when an outage ends; nil when there is none
	closed bool
}

func (l *outageListener) Addr() net.Addr {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.inner.Addr()
}

// Accept waits through outages: http.Server stops serving for good on an
// Accept error, and a restarting proxy comes back on its own.
func (l *outageListener) Accept() (net.Conn, error) {
	for {
		l.mu.Lock()
		inner, back, closed := l.inner, l.back, l.closed
		l.mu.Unlock()
		if closed {
			return nil, net.ErrClosed
		}
		if back != nil {
			<-back
			continue
		}
		c, err := inner.Accept()
		if err != nil {
			l.mu.Lock()
			replaced := l.closed || l.back != nil || l.inner != inner
			l.mu.Unlock()
			if replaced {
				continue
			}
			return nil, err
		}
		tcp, ok := c.(*net.TCPConn)
		if !ok {
			return c, nil
		}
		tc := &trackedConn{TCPConn: tcp, owner: l}
		l.mu.Lock()
		l.conns[tc] = struct{}{}
		l.mu.Unlock()
		return tc, nil
	}
}

func (l *outageListener) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil
	}
	l.closed = true
	if l.back != nil {
		close(l.back)
		l.back = nil
	}
	return l.inner.Close()
}

func (l *outageListener) refuseFor(d time.Duration, spare string) {
	l.mu.Lock()
	if l.closed || l.back != nil {
		l.mu.Unlock()
		return
	}
	l.back = make(chan struct{})
	_ = l.inner.Close()
	open := make([]*trackedConn, 0, len(l.conns))
	for c := range l.conns {
		if c.RemoteAddr().String() != spare {
			open = append(open, c)
		}
	}
	l.mu.Unlock()
	for _, c := range open {
		_ = c.Close()
	}
	time.AfterFunc(d, l.reopen)
}

// reopen binds the address again. The port was ours a moment ago, but
// another process may take it meanwhile; then the listener stays closed,
// and Accept reports why.
func (l *outageListener) reopen() {
	var inner net.Listener
	var err error
	for try := 0; try < 50; try++ {
		if inner, err = net.Listen("tcp", l.addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.back == nil { // closed meanwhile
		if inner != nil {
			_ = inner.Close()
		}
		return
	}
	if err != nil {
		inner = failedListener{addr: l.inner.Addr(), err: fmt.Errorf("emulator: binding %s again after an outage: %w", l.addr, err)}
	}
	l.inner = inner
	close(l.back)
	l.back = nil
}

// trackedConn lets an outage close the connections the listener accepted.
// It embeds *net.TCPConn so that SetLinger stays reachable after a hijack.
type trackedConn struct {
	*net.TCPConn
	owner *outageListener
}

func (c *trackedConn) Close() error {
	c.owner.mu.Lock()
	delete(c.owner.conns, c)
	c.owner.mu.Unlock()
	return c.TCPConn.Close()
}

// failedListener reports, from Accept, that the address could not be bound
// again.
type failedListener struct {
	addr net.Addr
	err  error
}

func (f failedListener) Accept() (net.Conn, error) { return nil, f.err }
func (f failedListener) Close() error              { return nil }
func (f failedListener) Addr() net.Addr            { return f.addr }
