#include "gui/languageswitcher.h"

#include <QLibraryInfo>
#include <QLocale>

namespace gpufailover {

LanguageSwitcher::LanguageSwitcher(QObject *parent)
    : QObject(parent)
{ }

LanguageSwitcher::~LanguageSwitcher()
{
    if (m_app)
        QCoreApplication::removeTranslator(m_app.get());
    if (m_qt)
        QCoreApplication::removeTranslator(m_qt.get());
}

QList<QPair<QString, QString>> LanguageSwitcher::available()
{
    return { { QStringLiteral("en"), QStringLiteral("English") },
        { QStringLiteral("pt_BR"), QStringLiteral("Português (Brasil)") } };
}

QString LanguageSwitcher::resolve(const QString &locale)
{
    const QString wanted = locale.isEmpty() ? QLocale::system().name() : locale;
    for (const auto &[name, _] : available()) {
        if (wanted == name)
            return name;
    }
    // Any Portuguese gets the Brazilian translation; anything else English.
    return wanted.startsWith(u"pt") ? QStringLiteral("pt_BR") : QStringLiteral("en");
}

bool LanguageSwitcher::apply(const QString &locale)
{
    const QString name = resolve(locale);
    if (m_app)
        QCoreApplication::removeTranslator(m_app.get());
    if (m_qt)
        QCoreApplication::removeTranslator(m_qt.get());
    m_app = std::make_unique<QTranslator>();
    m_qt = std::make_unique<QTranslator>();
    // Installing or removing a translator sends every window a LanguageChange.
    // English has a translation too: the plural forms ("1 pool", "2 pools").
    const bool ok = m_app->load(QStringLiteral(":/i18n/gpufailover_%1.qm").arg(name));
    if (ok)
        QCoreApplication::installTranslator(m_app.get());
    // Qt's own strings (dialog buttons); missing on a minimal system, which is not an error.
    if (name != u"en"
        && m_qt->load(QStringLiteral("qtbase_%1").arg(name), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(m_qt.get());
    QLocale::setDefault(QLocale(name));
    m_current = ok ? name : QStringLiteral("en");
    return ok;
}

} // namespace gpufailover
