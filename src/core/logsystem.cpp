#include "core/logsystem.h"

#include "core/redactor.h"

#include <QDateTime>
#include <QDir>

#include <atomic>
#include <cstdio>

namespace gpufailover {
namespace {

std::atomic<LogSystem *> g_active { nullptr };

void handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (auto *sys = g_active.load())
        sys->write(type, context, message);
}

const char *levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return "debug";
    case QtInfoMsg:
        return "info";
    case QtWarningMsg:
        return "warning";
    case QtCriticalMsg:
        return "critical";
    case QtFatalMsg:
        return "fatal";
    }
    return "?";
}

} // namespace

LogSystem::LogSystem(Options options, const Redactor *redactor)
    : m_options(std::move(options))
    , m_redactor(redactor)
{
    if (!m_options.directory.isEmpty()) {
        QDir().mkpath(m_options.directory);
        m_file.setFileName(currentFilePath());
        if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text))
            std::fprintf(stderr, "gpufailover: cannot open log file %s\n", qPrintable(m_file.fileName()));
    }
}

LogSystem::~LogSystem()
{
    if (m_installed) {
        LogSystem *expected = this;
        if (g_active.compare_exchange_strong(expected, nullptr))
            qInstallMessageHandler(nullptr);
    }
}

void LogSystem::install()
{
    g_active.store(this);
    qInstallMessageHandler(handler);
    m_installed = true;
}

QString LogSystem::currentFilePath() const
{
    return QDir(m_options.directory).filePath(m_options.baseName + QStringLiteral(".log"));
}

void LogSystem::write(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const QString safe = m_redactor ? m_redactor->redact(message) : message;
    const QByteArray line = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toUtf8() + ' ' + levelName(type)
        + ' ' + (context.category ? context.category : "default") + ": " + safe.toUtf8() + '\n';
    QMutexLocker lock(&m_mutex);
    if (m_options.toStderr) {
        std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
        std::fflush(stderr);
    }
    if (m_file.isOpen()) {
        m_file.write(line);
        m_file.flush();
        if (m_file.size() >= m_options.maxFileBytes)
            rotateLocked();
    }
}

void LogSystem::rotateLocked()
{
    m_file.close();
    const QDir dir(m_options.directory);
    const auto name = [&](int i) {
        return dir.filePath(
            m_options.baseName + QStringLiteral(".log") + (i ? QStringLiteral(".%1").arg(i) : QString()));
    };
    QFile::remove(name(m_options.keepFiles));
    for (int i = m_options.keepFiles - 1; i >= 0; --i) {
        if (QFile::exists(name(i)))
            QFile::rename(name(i), name(i + 1));
    }
    m_file.setFileName(name(0));
    m_file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text);
}

} // namespace gpufailover
