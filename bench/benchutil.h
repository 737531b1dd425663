#pragma once

// Helpers of the plain-program benchmarks (snapshot_bench, sync_bench).
#include "core/result.h"

#include <QByteArray>
#include <QEventLoop>
#include <QFile>
#include <QRandomGenerator>
#include <QString>

#include <functional>
#include <optional>

namespace gpufailover::bench {

// A file of `bytes` incompressible bytes.
inline void fillRandom(const QString &path, qsizetype bytes = 1024 * 1024)
{
    QByteArray data(bytes, Qt::Uninitialized);
    QRandomGenerator::global()->generate(
        reinterpret_cast<quint32 *>(data.data()), reinterpret_cast<quint32 *>(data.data() + data.size()));
    QFile f(path);
    if (f.open(QIODevice::WriteOnly))
        f.write(data);
}

// Runs the event loop until an asynchronous call answers.
template <typename T> Result<T> await(const std::function<void(std::function<void(Result<T>)>)> &call)
{
    std::optional<Result<T>> out;
    QEventLoop loop;
    call([&](Result<T> r) {
        out.emplace(std::move(r));
        loop.quit();
    });
    if (!out)
        loop.exec();
    return std::move(*out);
}

} // namespace gpufailover::bench
