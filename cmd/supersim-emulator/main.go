// Command supersim-emulator serves the Super SIM API emulator on a local
// port, for manual provider runs (terraform plan/apply against a fake
// account) and for benchmarks that want a separate process.
//
// It prints three export lines on stdout, to paste (or eval) in the shell
// that runs terraform. It keeps running, so `eval "$(…)"` around the command
// itself would wait forever: scripts start it in the background with
// -print-env-file and source that file once it exists.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/supersim-tf/terraform-provider-supersim/internal/emulator"
)

// shutdownGrace bounds how long in-flight requests may take to finish once
// a signal arrives, so Ctrl-C never hangs.
const shutdownGrace = 5 * time.Second

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// config is the parsed command line.
type config struct {
	listen       string
	opts         emulator.Options
	latency      time.Duration
	faults       []emulator.Fault
	quiet        bool
	printEnvFile string
}

// run is main without process globals, so the command can be tested
// in-process. It returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "supersim-emulator:", err)
		return 2
	}
	if err := serve(ctx, cfg, stdout, stderr); err != nil {
		fmt.Fprintln(stderr, "supersim-emulator:", err)
		return 1
	}
	return 0
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var cfg config
	fs := flag.NewFlagSet("supersim-emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.listen, "listen", "127.0.0.1:0", "address to listen on; port 0 picks a free port")
	fs.StringVar(&cfg.opts.AccountSID, "account-sid", emulator.DefaultAccountSID, "account SID accepted as Basic-auth user")
	fs.StringVar(&cfg.opts.AuthToken, "auth-token", "", "auth token accepted as password (default: random, printed on start)")
	fs.StringVar(&cfg.opts.APIKeySID, "api-key", "", "optional API key SID (SK…) accepted as an alternative user")
	fs.StringVar(&cfg.opts.APIKeySecret, "api-secret", "", "secret of -api-key")
	fs.IntVar(&cfg.opts.CatalogSize, "catalog-size", 0, "pad the Networks catalog with generated networks up to this size")
	fs.Int64Var(&cfg.opts.Seed, "seed", 0, "seed for SIDs and probabilistic faults")
	fs.DurationVar(&cfg.latency, "latency", 0, "delay added to every API request, e.g. 50ms")
	fs.BoolVar(&cfg.quiet, "quiet", false, "do not log requests")
	fs.IntVar(&cfg.opts.ConcurrencyLimit, "concurrency-limit", 0, "requests the account may have in flight; one more is refused with 429 (code 20429, no Retry-After); 0 means no limit")
	fs.BoolVar(&cfg.opts.IdempotentNetworkAdd, "idempotent-network-add", false, "answer 201 instead of 409 when a NAP already allows the network being added")
	fs.StringVar(&cfg.opts.PageURLOrigin, "page-url-origin", "", "scheme and host written in list page URLs instead of the requested one, as an API behind a proxy names its public host, e.g. https://supersim.twilio.com")
	fs.StringVar(&cfg.printEnvFile, "print-env-file", "", "also write the export lines to this file (mode 0600) once listening; removed on exit")
	fs.Func("fault", "inject a fault; repeatable; see the fault spec syntax below", func(spec string) error {
		f, err := emulator.ParseFault(spec)
		if err == nil {
			cfg.faults = append(cfg.faults, f)
		}
		return err
	})
	fs.Usage = func() { usage(fs) }
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	if cfg.latency < 0 {
		return cfg, fmt.Errorf("-latency must not be negative")
	}
	if cfg.opts.ConcurrencyLimit < 0 {
		return cfg, fmt.Errorf("-concurrency-limit must not be negative (0 means no limit)")
	}
	if (cfg.opts.APIKeySID == "") != (cfg.opts.APIKeySecret == "") {
		return cfg, fmt.Errorf("-api-key and -api-secret go together")
	}
	if o := cfg.opts.PageURLOrigin; o != "" {
		u, err := url.Parse(o)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.Trim(u.Path, "/") != "" || u.RawQuery != "" {
			return cfg, fmt.Errorf("-page-url-origin %q must be a scheme and host such as https://supersim.twilio.com", o)
		}
	}
	return cfg, nil
}

func usage(fs *flag.FlagSet) {
	out := fs.Output()
	fmt.Fprintf(out, "Usage: supersim-emulator [flags]\n\n")
	fmt.Fprintf(out, "Serves an in-memory emulator of the Twilio Super SIM API and prints export\n")
	fmt.Fprintf(out, "lines for SUPERSIM_BASE_URL, TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN. Every\n")
	fmt.Fprintf(out, "route wants HTTP Basic auth with the account SID and token printed there.\n\n")
	fmt.Fprintf(out, "%s\n\nFlags:\n", emulator.RoutesHelp)
	fs.PrintDefaults()
	fmt.Fprintf(out, "\n%s\n\nRoute keys (for route= in a fault spec):\n", emulator.FaultSpecHelp)
	for _, key := range emulator.Routes() {
		fmt.Fprintf(out, "  %s\n", key)
	}
}

func serve(ctx context.Context, cfg config, stdout, stderr io.Writer) error {
	if cfg.opts.AuthToken == "" {
		token, err := randomToken()
		if err != nil {
			return err
		}
		cfg.opts.AuthToken = token
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	if !cfg.quiet {
		cfg.opts.Logger = logger
	}
	if !isLoopback(cfg.listen) {
		logger.Warn("listening on a non-loopback address: anyone who can reach it and knows the credentials can use it", "listen", cfg.listen)
	}
	if cfg.printEnvFile != "" {
		// A stale file from an earlier run would point scripts that poll
		// for it at a dead port.
		_ = os.Remove(cfg.printEnvFile)
		defer os.Remove(cfg.printEnvFile)
	}

	emu := emulator.New(cfg.opts)
	if cfg.latency > 0 {
		emu.InjectFault(emulator.Fault{Kind: emulator.FaultLatency, Latency: cfg.latency})
	}
	for _, f := range cfg.faults {
		emu.InjectFault(f)
	}

	// The emulator's own listener, so that faults with an outage can refuse
	// connections.
	ln, err := emu.Listen(cfg.listen)
	if err != nil {
		return err
	}
	env := exportLines(baseURLFor(ln.Addr()), cfg.opts.AccountSID, cfg.opts.AuthToken)
	if cfg.printEnvFile != "" {
		if err := writeFileAtomically(cfg.printEnvFile, env); err != nil {
			ln.Close()
			return err
		}
	}
	if _, err := io.WriteString(stdout, env); err != nil {
		ln.Close()
		return err
	}
	logger.Info("supersim emulator listening", "addr", ln.Addr().String(), "faults", len(cfg.faults), "latency", cfg.latency)
	return serveUntilDone(ctx, ln, emu, logger)
}

// serveUntilDone serves until ctx ends, then shuts down gracefully. The
// requests' base context is cancelled at shutdown so injected delays end
// instead of holding the shutdown up.
func serveUntilDone(ctx context.Context, ln net.Listener, h http.Handler, logger *slog.Logger) error {
	baseCtx, cancelRequests := context.WithCancel(context.Background())
	defer cancelRequests()
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return baseCtx },
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelDebug),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	cancelRequests()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		_ = srv.Close()
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func randomToken() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("generate auth token: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// isLoopback reports whether a listen address only accepts local clients.
// An empty host means every interface, which is not loopback.
func isLoopback(listen string) bool {
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// baseURLFor turns the bound address into a URL clients can use: a
// wildcard bind is reached through loopback.
func baseURLFor(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return "http://" + addr.String()
	}
	ip := tcp.IP
	if ip.IsUnspecified() {
		ip = net.IPv4(127, 0, 0, 1)
		if tcp.IP.To4() == nil {
			ip = net.IPv6loopback
		}
	}
	return "http://" + net.JoinHostPort(ip.String(), fmt.Sprint(tcp.Port))
}

func exportLines(baseURL, accountSID, authToken string) string {
	return fmt.Sprintf("export SUPERSIM_BASE_URL=%s\nexport TWILIO_ACCOUNT_SID=%s\nexport TWILIO_AUTH_TOKEN=%s\n",
		shellQuote(baseURL), shellQuote(accountSID), shellQuote(authToken))
}

var shellSafe = regexp.MustCompile(`^[A-Za-z0-9_./:@%+=,-]+$`)

// shellQuote leaves ordinary values bare (so the default output reads
// naturally) and single-quotes anything a shell could misinterpret.
func shellQuote(s string) string {
	if shellSafe.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// writeFileAtomically writes via a temporary file and rename so a script
// polling for the file never reads it half-written. Mode 0600 because it
// holds the auth token.
func writeFileAtomically(path, content string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".supersim-env-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.WriteString(content); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
