#include "remote/rsyncstandbycopier.h"

namespace gpufailover {
namespace {
StandbyCopier::Copy toCopy(const GenerationSync::Copy &c)
{
    return { c.sequence, c.sourceGeneration, c.files, c.bytes, {} };
}
} // namespace

RsyncStandbyCopier::RsyncStandbyCopier(GenerationSync *sync, QString base, GenerationSync::Options options)
    : m_sync(sync)
    , m_base(std::move(base))
    , m_options(std::move(options))
{ }

QString RsyncStandbyCopier::baseFor(const QString &user, const QString &poolId)
{
    const QString home = user == u"root" ? QStringLiteral("/root") : QStringLiteral("/home/%1").arg(user);
    return QStringLiteral("%1/gpufailover/%2").arg(home, poolId);
}

void RsyncStandbyCopier::sync(
    const SshEndpoint &source, const SshEndpoint &standby, QObject *context, std::function<void(Result<Copy>)> done)
{
    m_sync->run({ source, standby, m_base }, m_options, context, [done](Result<GenerationSync::Run> r) {
        if (!r)
            return done(r.error());
        done(Copy { r->sequence, r->sourceGeneration, r->files, r->bytes, r->startedAt });
    });
}

void RsyncStandbyCopier::current(
    const SshEndpoint &standby, QObject *context, std::function<void(Result<std::optional<Copy>>)> done)
{
    m_sync->current({ {}, standby, m_base }, context, [done](Result<std::optional<GenerationSync::Copy>> r) {
        if (!r)
            return done(r.error());
        done(r->has_value() ? std::optional(toCopy(**r)) : std::nullopt);
    });
}

void RsyncStandbyCopier::restore(
    const SshEndpoint &standby, const SshEndpoint &target, QObject *context, std::function<void(Result<Restored>)> done)
{
    m_sync->restore({ {}, standby, m_base }, target, m_options, context, [done](Result<GenerationSync::Restored> r) {
        if (!r)
            return done(r.error());
        done(Restored { toCopy(r->copy), r->verified, r->filesVerified, r->detail });
    });
}

} // namespace gpufailover
