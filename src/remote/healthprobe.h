#pragma once

#include "core/healthsample.h"
#include "core/result.h"
#include "remote/sshconnection.h"

namespace gpufailover {

// The GPU health probe: one SSH command that queries nvidia-smi and the disk of /workspace, and
// the parser that turns its output (or its failure) into a HealthSample. Never throws, never
// crashes on odd output: anything it cannot read is a failed probe with the reason.
namespace healthprobe {

// smiLimitMs: how long nvidia-smi may take before the GPU counts as wedged; keep it well inside
// the probe's own timeout.
QString command(qint64 smiLimitMs);
HealthSample parse(const Result<ExecResult> &result);

} // namespace healthprobe
} // namespace gpufailover
