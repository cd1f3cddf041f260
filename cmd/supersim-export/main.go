// Command supersim-export reads a Super SIM account and writes a Terraform
// configuration for it: its Network Access Profiles, with their allow lists
// as readable catalog lookups, its Fleets referring to their profiles, and
// import blocks, so that the first plan imports everything and changes
// nothing. It uses the provider's credentials and settings, from the same
// environment variables.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/supersim-tf/terraform-provider-supersim/internal/supersim"
)

// version is set at build time with -ldflags "-X main.version=…" (see
// GNUmakefile and .goreleaser.yml).
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

// config is the parsed command line.
type config struct {
	conn      connection
	opts      options
	out       string
	dir       string
	force     bool
	version   bool
	baseFlag  string
	linksFlag []string
}

// run is main without process globals, so tests run the command
// in-process. getenv reads the environment. It returns the exit code: 0
// on success, 1 when the export failed, 2 for a bad command line.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	cfg, err := parseFlags(args, getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "supersim-export:", err)
		fmt.Fprintln(stderr, "Run supersim-export -help for every flag.")
		return 2
	}
	if cfg.version {
		fmt.Fprintln(stdout, "supersim-export", version)
		return 0
	}
	if err := exportAccount(ctx, cfg, stdout, stderr, time.Now()); err != nil {
		fmt.Fprintln(stderr, "supersim-export:", redact(err.Error(), cfg.conn.password))
		if errors.Is(err, errUsage) {
			return 2
		}
		return 1
	}
	return 0
}

// errUsage marks errors of the command line found after parsing (a -links
// that names no exported profile, an output that exists).
var errUsage = errors.New("usage")

type usageError struct{ msg string }

func (e usageError) Error() string        { return e.msg }
func (e usageError) Is(target error) bool { return target == errUsage }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

func parseFlags(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	var cfg config
	fs := newFlagSet(&cfg, stderr)
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected argument %q: every option is a flag, such as -out %s", fs.Arg(0), fs.Arg(0))
	}
	if cfg.version {
		return cfg, nil
	}
	if cfg.out != "" && cfg.dir != "" {
		return cfg, errors.New("-out and -dir cannot be used together: -out writes one file, -dir one file per part; choose one")
	}
	if cfg.force && cfg.out == "" && cfg.dir == "" {
		return cfg, errors.New("-force applies to -out or -dir, and neither is given: drop -force, or add -out FILE or -dir DIR")
	}
	if cfg.out != "" && !strings.HasSuffix(cfg.out, ".tf") {
		return cfg, fmt.Errorf("-out %q: terraform reads only files ending in .tf; name it, for example, %s.tf", cfg.out, strings.TrimSuffix(cfg.out, filepath.Ext(cfg.out)))
	}
	cfg.opts.links = cfg.linksFlag
	cfg.conn.baseURL = cfg.baseFlag
	if cfg.conn.baseURL == "" {
		cfg.conn.baseURL = getenv(envBaseURL)
	}
	if cfg.conn.baseURL == "" {
		cfg.conn.baseURL = supersim.DefaultBaseURL
	}
	user, password, err := credentials(getenv)
	if err != nil {
		return cfg, err
	}
	cfg.conn.username, cfg.conn.password = user, password
	return cfg, nil
}

// newFlagSet defines every flag, writing into cfg.
func newFlagSet(cfg *config, output io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("supersim-export", flag.ContinueOnError)
	fs.SetOutput(output)
	fs.StringVar(&cfg.baseFlag, "base-url", "", "the API's address `URL`: https, or plain http to a loopback host (the emulator)\n(default: $"+envBaseURL+", else "+supersim.DefaultBaseURL+")")
	fs.IntVar(&cfg.conn.maxRetries, "max-retries", supersim.DefaultMaxRetries, "retries of one request after 429 (honouring Retry-After), 5xx or a connection failure; 0 for none")
	fs.DurationVar(&cfg.conn.requestTimeout, "request-timeout", supersim.DefaultRequestTimeout, "time limit of one request")
	fs.DurationVar(&cfg.conn.maxRetryDuration, "max-retry-duration", supersim.DefaultMaxRetryDuration, "time limit of one call including retries and waits")
	fs.StringVar(&cfg.conn.caCertFile, "ca-cert-file", "", "PEM bundle `FILE` to trust instead of the system's (corporate TLS proxies)")

	fs.StringVar(&cfg.opts.namePrefix, "name-prefix", "", "export only the profiles and Fleets whose unique name starts with `PREFIX` (case-sensitive);\nobjects without a unique name never match")
	fs.BoolVar(&cfg.opts.profilesOnly, "profiles-only", false, "export the profiles only, no Fleets")
	fs.Func("links", "write the networks of profile `PROFILE` (its SID or exact unique name) as\n"+typeLink+" resources, with their import blocks,\ninstead of a networks list; repeatable", func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New("give a profile's SID (HA…) or unique name")
		}
		cfg.linksFlag = append(cfg.linksFlag, s)
		return nil
	})
	fs.BoolVar(&cfg.opts.identity, "identity", false, "write import blocks by identity (Terraform 1.12 or later) instead of by id\n(Terraform 1.5 or later, and OpenTofu)")
	fs.BoolVar(&cfg.opts.providerBlock, "provider-block", false, "also write a terraform block that requires the provider and an empty provider block\n(for a new directory; leave it out when the configuration has them)")

	fs.StringVar(&cfg.out, "out", "", "write the configuration to `FILE` (ending in .tf) instead of stdout")
	fs.StringVar(&cfg.dir, "dir", "", "write the configuration to directory `DIR`, one file per part:\nprovider.tf, networks.tf, profiles.tf, fleets.tf, imports.tf")
	fs.BoolVar(&cfg.force, "force", false, "replace files that -out or -dir would overwrite")
	fs.BoolVar(&cfg.version, "version", false, "print the version and exit")
	fs.Usage = func() { usage(fs) }
	return fs
}

func usage(fs *flag.FlagSet) {
	out := fs.Output()
	fmt.Fprint(out, `Usage: supersim-export [flags]

Reads a Super SIM account and writes a Terraform configuration for it, to
commit and apply with the supersim provider:

  - a supersim_network_access_profile per Network Access Profile, labelled
    from its unique name (or its SID when it has none), whose networks list
    refers to supersim_network data sources: each network is found by name
    and country, or by MCC-MNC or SID when the name is ambiguous, once for
    every profile that allows it;
  - a supersim_fleet per Fleet, referring to its profile's resource;
  - an import block per object, so that the first plan says "N to import,
    0 to add, 0 to change, 0 to destroy" and the apply writes nothing to the
    account.

Labels are valid identifiers made from unique names ("Trackers EU/2" is
trackers_eu_2). They are the same on every run against the same account.
When several names make the same label, a name that is that label already
keeps it, else the first name in byte order; the others get _2, _3… in
byte order of their names, with a comment saying why.

Credentials and the API's address are read from the environment, as the
provider reads them (never from flags, and never written out):

  TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, or
  TWILIO_API_KEY and TWILIO_API_SECRET (preferred when both pairs are set);
  SUPERSIM_BASE_URL (default https://supersim.twilio.com)

The export only reads: it lists the profiles, each profile's networks, the
Fleets and the Networks catalog.

Flags:
`)
	fs.PrintDefaults()
	fmt.Fprint(out, `
Import blocks by id (the default) need Terraform 1.5 or later, or OpenTofu;
by identity (-identity), Terraform 1.12 or later.

Examples:

  supersim-export -dir adopted -provider-block
  supersim-export -name-prefix trackers- -profiles-only -out trackers.tf
  supersim-export -links trackers-eu -out trackers.tf

Exit status: 0 when the configuration was written, 1 when the account
could not be read or the files written, 2 for a mistake on the command line.
`)
}

// exportAccount reads the account, decides labels and lookups, and writes
// the configuration where the flags say.
func exportAccount(ctx context.Context, cfg config, stdout, stderr io.Writer, now time.Time) error {
	if err := checkOutput(cfg); err != nil {
		return err
	}
	clientCfg, err := cfg.conn.clientConfig(version)
	if err != nil {
		return usageError{err.Error()}
	}
	client, err := supersim.New(clientCfg)
	if err != nil {
		return err
	}
	keep := func(p profile) bool { return cfg.opts.keepsName(p.UniqueName) }
	acct, err := readAccount(ctx, client, keep, !cfg.opts.profilesOnly)
	if err != nil {
		return explainAPIError(err)
	}
	exp, err := buildExport(acct, cfg.opts)
	if err != nil {
		return usageError{err.Error()}
	}
	s := stamp{version: version, baseURL: client.BaseURL(), at: now}
	switch {
	case cfg.dir != "":
		files := exp.renderFiles(s)
		names := make([]string, 0, len(files))
		for name := range files {
			names = append(names, name)
		}
		slices.Sort(names)
		for _, name := range names {
			if err := os.WriteFile(filepath.Join(cfg.dir, name), files[name], 0o644); err != nil {
				return err
			}
		}
		fmt.Fprintf(stderr, "Wrote %s in %s: %s.\n", strings.Join(names, ", "), cfg.dir, summary(exp))
		// With -force, a part that this export does not have (no Fleets
		// this time) must not survive from an earlier one.
		for _, name := range outputFiles {
			if _, written := files[name]; !written {
				if err := os.Remove(filepath.Join(cfg.dir, name)); err == nil {
					fmt.Fprintf(stderr, "Removed %s, left by an earlier export: this one has nothing to put in it.\n", name)
				}
			}
		}
	case cfg.out != "":
		if err := os.WriteFile(cfg.out, exp.render(s), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "Wrote %s: %s.\n", cfg.out, summary(exp))
	default:
		if _, err := stdout.Write(exp.render(s)); err != nil {
			return err
		}
	}
	if exp.skippedFleets > 0 {
		fmt.Fprintf(stderr, "Left out %s whose unique name does not start with %q.\n", plural(exp.skippedFleets, "Fleet", "Fleets"), cfg.opts.namePrefix)
	}
	return nil
}

func summary(exp *export) string {
	return fmt.Sprintf("%s, %s, %s; the first plan should import %d",
		plural(len(exp.profiles), "profile", "profiles"), plural(len(exp.fleets), "Fleet", "Fleets"),
		plural(len(exp.networks), "catalog network", "catalog networks"), exp.imports())
}

// outputFiles are the files -dir writes.
var outputFiles = []string{"provider.tf", "networks.tf", "profiles.tf", "fleets.tf", "imports.tf"}

// checkOutput refuses, before any request, to overwrite files unless
// -force says so.
func checkOutput(cfg config) error {
	switch {
	case cfg.out != "":
		if _, err := os.Stat(cfg.out); err == nil && !cfg.force {
			return usagef("-out %s: the file exists; add -force to replace it, or choose another name", cfg.out)
		}
		if info, err := os.Stat(filepath.Dir(cfg.out)); err != nil || !info.IsDir() {
			return usagef("-out %s: the directory %s does not exist; create it first", cfg.out, filepath.Dir(cfg.out))
		}
	case cfg.dir != "":
		info, err := os.Stat(cfg.dir)
		if err != nil || !info.IsDir() {
			return usagef("-dir %s: no such directory; create it first (mkdir -p %s)", cfg.dir, cfg.dir)
		}
		if cfg.force {
			return nil
		}
		var clash []string
		for _, name := range outputFiles {
			if _, err := os.Stat(filepath.Join(cfg.dir, name)); err == nil {
				clash = append(clash, name)
			}
		}
		if len(clash) > 0 {
			return usagef("-dir %s: %s would be overwritten; add -force to replace them, or choose an empty directory", cfg.dir, strings.Join(clash, ", "))
		}
	}
	return nil
}

// explainAPIError adds what to do to the errors people meet first.
func explainAPIError(err error) error {
	switch {
	case supersim.IsUnauthorized(err):
		return fmt.Errorf("%w\nThe API refused the credentials: check %s and %s (or %s and %s), and that -base-url (or %s) is the API they belong to", err,
			envAccountSID, envAuthToken, envAPIKey, envAPISecret, envBaseURL)
	case supersim.IsRateLimited(err):
		return fmt.Errorf("%w\nThe API is still rate limiting after the retries: wait a minute and run again, or raise -max-retries", err)
	}
	return err
}
