#pragma once

#include "core/cpustandby.h"
#include "remote/generationsync.h"

namespace gpufailover {

// StandbyCopier over GenerationSync: the pool's generations live in `base` on the CPU VM.
class RsyncStandbyCopier final : public StandbyCopier
{
public:
    RsyncStandbyCopier(GenerationSync *sync, QString base, GenerationSync::Options options = {});

    void sync(const SshEndpoint &source, const SshEndpoint &standby, QObject *context,
        std::function<void(Result<Copy>)> done) override;
    void current(
        const SshEndpoint &standby, QObject *context, std::function<void(Result<std::optional<Copy>>)> done) override;
    void restore(const SshEndpoint &standby, const SshEndpoint &target, QObject *context,
        std::function<void(Result<Restored>)> done) override;

    // Where a pool's copies live on a VM reached as `user`.
    static QString baseFor(const QString &user, const QString &poolId);

private:
    GenerationSync *m_sync;
    QString m_base;
    GenerationSync::Options m_options;
};

} // namespace gpufailover
