#pragma once

// The words, names and addresses of the benchmark store (bench_make_store), shared with the window benchmark
// (bench_window) so that it searches for words whose frequency is known: a common word, a rare one, a phrase.

#include <QString>
#include <QStringList>

#include <array>
#include <cmath>
#include <random>
#include <vector>

namespace hookscope::bench {

using namespace Qt::StringLiterals;

/** The head of the vocabulary, most frequent first (words of support and billing mail). */
inline const QStringList& headWords()
{
    static const QStringList words = QString::fromLatin1(
        "the to and a i you of is for it we in my on this that with your be have account are can please not "
        "was order our but at as if me will from thanks all so do payment an by would there invoice an just "
        "been about what get they could when know one team help also any time or more no up now need has like "
        "us back out new did here issue them some which after still email had should see way because last any "
        "week thank other how charge card plan today refund billing access your problem working let were able "
        "again received sent monthly customer support before since service update login password subscription "
        "message number via link attached follow question look soon find make sure two first check cancel "
        "change address delivery shipping product price team month year data report request contact details "
        "error page app screen settings version phone mobile browser chrome firefox safari download upload file "
        "files export import sync connection server api webhook integration token key dashboard user users "
        "admin role permission invite workspace project projects task tasks note notes calendar meeting schedule "
        "tomorrow yesterday morning afternoon evening urgent quick small large free trial upgrade downgrade "
        "discount coupon code promo receipt tax vat company business personal name legal terms policy privacy "
        "security verify verification confirm confirmation reset locked unlock blocked spam bounce reply forward "
        "draft template signature logo image photo picture screenshot document pdf spreadsheet csv backup restore "
        "deleted missing wrong correct duplicate twice double second statement bank transfer wire paypal stripe "
        "amount balance credit debit overdue late fee fees cost total subtotal quantity item items shipment "
        "tracking carrier package parcel warehouse return exchange replacement damaged broken defective warranty "
        "repair technician appointment visit office location store hours open closed holiday weekend monday "
        "tuesday wednesday thursday friday saturday sunday january february march april june july august "
        "september october november december")
                                         .split(u' ', Qt::SkipEmptyParts);
    return words;
}

/** Made-up words for the long tail of the vocabulary (rank `i` of the tail), pronounceable and distinct. */
inline QString tailWord(int i)
{
    static const std::array<const char*, 40> syllables { "ka", "lo", "mi", "ne", "ru", "ta", "vo", "shi", "en", "dor",
        "pel", "qua", "zin", "bra", "tul", "fen", "gor", "hal", "jir", "kem", "lun", "mar", "nox", "pri", "sal", "tev",
        "ulm", "vaz", "wen", "yor", "zab", "cra", "dri", "fol", "gim", "hep", "ist", "jun", "kol", "mep" };
    // Three syllables from a scrambled index (a bijection on 0..63999), so neighbouring ranks look unrelated.
    const unsigned n = unsigned((qint64(i) * 40503 + 7) % 64000);
    return QString::fromLatin1(syllables[n % 40]) + QString::fromLatin1(syllables[(n / 40) % 40])
        + QString::fromLatin1(syllables[(n / 1600) % 40]);
}

constexpr int kTailWords = 30000;

/** A word of rank r in [0, headWords().size() + kTailWords). */
inline QString wordAt(int rank)
{
    const QStringList& head = headWords();
    return rank < head.size() ? head.at(rank) : tailWord(rank - int(head.size()));
}

/** Draws ranks from a Zipf distribution (s = 1) over `n` ranks: rank 0 is the most frequent. */
class Zipf {
public:
    explicit Zipf(int n, double s = 1.0)
    {
        m_cdf.reserve(size_t(n));
        double sum = 0;
        for (int r = 1; r <= n; ++r) {
            sum += 1.0 / std::pow(double(r), s);
            m_cdf.push_back(sum);
        }
        for (double& c : m_cdf)
            c /= sum;
    }
    template<class Rng> int operator()(Rng& rng) const
    {
        const double u = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
        return int(std::lower_bound(m_cdf.begin(), m_cdf.end(), u) - m_cdf.begin());
    }
    int size() const { return int(m_cdf.size()); }

private:
    std::vector<double> m_cdf;
};

inline const QStringList& firstNames()
{
    static const QStringList names = QString::fromLatin1(
        "Olivia Liam Emma Noah Ava Elijah Sophia Lucas Isabella Mason Mia Ethan Amelia James Harper Aiden Evelyn "
        "Logan Abigail Jacob Emily Jackson Ella Levi Elizabeth Sebastian Camila Mateo Luna Jack Sofia Owen Avery "
        "Theodore Mila Samuel Aria Henry Scarlett Leo Penelope Daniel Layla Wyatt Chloe Alexander Victoria Michael "
        "Madison Benjamin Eleanor Julian Grace Gabriel Nora Carter Riley Luke Zoey Anthony Hannah Isaac Hazel "
        "Dylan Lily Grayson Ellie Joshua Violet Andrew Lillian Lincoln Zoe Maya Thomas Stella Ada Grace Alan "
        "Margaret Linus Barbara Ken Radia Tim Frances Dennis Hedy Donald Katherine Edsger Sophie Niklaus Anita "
        "Bjarne Jean Guido Adele")
                                         .split(u' ', Qt::SkipEmptyParts);
    return names;
}

inline const QStringList& lastNames()
{
    static const QStringList names = QString::fromLatin1(
        "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez "
        "Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez "
        "Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker "
        "Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards "
        "Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey "
        "Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza "
        "Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez Lovelace Hopper Turing")
                                         .split(u' ', Qt::SkipEmptyParts);
    return names;
}

inline const QStringList& senderDomains()
{
    static const QStringList domains = QString::fromLatin1(
        "gmail.com outlook.com yahoo.com icloud.com proton.me fastmail.com hey.com example.com example.org "
        "example.net customer.example acme.example globex.example initech.example umbrella.example "
        "hooli.example stark.example wayne.example wonka.example tyrell.example cyberdyne.example "
        "soylent.example oscorp.example aperture.example blackmesa.example monarch.example vandelay.example "
        "dundermifflin.example prestige.example gringotts.example")
                                           .split(u' ', Qt::SkipEmptyParts);
    return domains;
}

struct Person {
    QString name;
    QString address;
};

/** Sender number `i` of the pool (deterministic). */
inline Person senderAt(int i)
{
    const QStringList& first = firstNames();
    const QStringList& last = lastNames();
    const QStringList& domains = senderDomains();
    const unsigned n = unsigned((qint64(i) * 2654435761LL) & 0x7fffffff);
    const QString f = first.at(int(n % unsigned(first.size())));
    const QString l = last.at(int((n / 131) % unsigned(last.size())));
    const QString domain = domains.at(int((n / 17) % unsigned(domains.size())));
    QString local;
    switch ((n / 7) % 4) {
    case 0:
        local = f.toLower() + u'.' + l.toLower();
        break;
    case 1:
        local = f.toLower() + QString::number(i % 1000);
        break;
    case 2:
        local = f.left(1).toLower() + l.toLower();
        break;
    default:
        local = f.toLower() + u'_' + l.toLower() + QString::number(i % 97);
        break;
    }
    return { f + u' ' + l, local + u'@' + domain };
}

constexpr int kSenders = 40000;

/** The phrase a share of the emails carry word for word (the benchmark's phrase search). */
inline QString planted()
{
    return u"could you refund the second charge"_s;
}

} // namespace hookscope::bench
