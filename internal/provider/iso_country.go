package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// A country code that is not ISO 3166-1 alpha-2 matches no network, and a
// filter that matches nothing can quietly lead to a profile with an empty
// allow list, which the API can never delete. So iso_country must be an
// assigned code, and the common mistakes get the right one.

// isoAlpha2 holds every officially assigned ISO 3166-1 alpha-2 code, plus
// XK (Kosovo), which operators and the catalog use.
var isoAlpha2 = func() map[string]bool {
	codes := strings.Fields(`
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ
BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ
DE DJ DK DM DO DZ
EC EE EG EH ER ES ET
FI FJ FK FM FO FR
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY
HK HM HN HR HT HU
ID IE IL IM IN IO IQ IR IS IT
JE JM JO JP
KE KG KH KI KM KN KP KR KW KY KZ
LA LB LC LI LK LR LS LT LU LV LY
MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ
NA NC NE NF NG NI NL NO NP NR NU NZ
OM
PA PE PF PG PH PK PL PM PN PR PS PT PW PY
QA
RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ
TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ
UA UG UM US UY UZ
VA VC VE VG VI VN VU
WF WS
XK
YE YT
ZA ZM ZW`)
	set := make(map[string]bool, len(codes))
	for _, c := range codes {
		set[c] = true
	}
	return set
}()

// isoCountryCorrections are codes people write for a country whose ISO
// code is another one.
var isoCountryCorrections = map[string]string{
	"UK": "GB", // the United Kingdom
	"EL": "GR", // Greece, as the EU abbreviates it
	"EN": "GB", // England is part of GB
}

type isoCountryValidator struct{}

func (isoCountryValidator) Description(context.Context) string {
	return "must be an ISO 3166-1 alpha-2 country code such as GB, DE or US"
}

func (v isoCountryValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (isoCountryValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	given := req.ConfigValue.ValueString()
	code := strings.ToUpper(given)
	if isoAlpha2[code] {
		return
	}
	detail := fmt.Sprintf("%q is not an ISO 3166-1 alpha-2 country code, so it would match no network. ", given)
	if right, ok := isoCountryCorrections[code]; ok {
		detail += fmt.Sprintf("Use %q.", right)
	} else {
		detail += "Use the two-letter code of the country, such as GB, DE or US."
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Not a country code", detail)
}

func isoCountryValidators() []validator.String {
	return []validator.String{isoCountryValidator{}}
}
