#pragma once

#include "core/poolconfig.h"

namespace gpufailover {

class Settings;

// What a new pool starts from: the original design's WARM_POOL_* settings (file, .env or
// environment) and the health and failover timings. A pool's own saved configuration wins over
// them once it exists; a request that names a field wins for that field.
PoolConfig poolDefaultsFrom(const Settings &settings);

// "RTX_4090" (the original design's spelling in WARM_POOL_PREFERRED_GPUS) is "RTX 4090".
QString normalizedGpuName(const QString &name);

} // namespace gpufailover
