package node

import (
	"strings"

	"github.com/meshpay/meshpay/node/offers"
)

// MeteredReferencePrefix starts the reference of a payment for a metered
// service: "meter:<service>:<rest>", where service is an offer's service
// kind ([a-z0-9-]{1,32}) and rest is the seller's business (package
// metering puts the session and the usage record there). The node reads
// the service back to total revenue and spending per service.
const MeteredReferencePrefix = "meter:"

// MeteredReference is the reference of a payment for service, followed by
// rest. It does not check service: ServiceOfReference of a reference made
// from an invalid service is "".
func MeteredReference(service, rest string) string {
	return MeteredReferencePrefix + service + ":" + rest
}

// ServiceOfReference returns the service a payment reference names, or ""
// when it names none (a plain payment, or anything malformed).
func ServiceOfReference(ref string) string {
	rest, ok := strings.CutPrefix(ref, MeteredReferencePrefix)
	if !ok {
		return ""
	}
	svc, _, ok := strings.Cut(rest, ":")
	if !ok || offers.ValidService(svc) != nil {
		return ""
	}
	return svc
}
