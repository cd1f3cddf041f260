package supersim

import "net/url"

func unescapePath(s string) (string, error) { return url.PathUnescape(s) }
