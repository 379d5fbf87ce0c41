#pragma once

#include "evidence.h"
#include "scheme.h"
#include "schemesupport.h"

// Explains a failed verification as specifically as the evidence allows, once, outside the schemes: Scheme::verify()
// runs it on what Scheme::check() found. Reason codes are listed in docs/SIGNATURES.md; they are stable.
namespace hookscope::verify {

/** Refines a failed verdict's reason and hints. Does nothing for valid or unchecked verdicts. */
void diagnose(Verdict& verdict, const Scheme& scheme, const Input& input, const MacEvidence* mac = nullptr);

/** The body variants the diagnosis recomputes over: (reason, hint, body). Exposed for tests. */
QList<AlternativeContent> bodyVariants(const QByteArray& body);

} // namespace hookscope::verify
