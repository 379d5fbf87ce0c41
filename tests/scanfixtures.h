#pragma once

// Attachments made in code for the attachment-safety tests: a tiny ELF, zips written with libarchive in memory
// (a 1000:1 entry, an encrypted one, a .docm with macros, archives nested three deep).

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QtEndian>

#include <archive.h>
#include <archive_entry.h>

#include <cstring>

namespace hookscope::test {

/** A 64-bit little-endian ELF executable header with one program header: what `file` calls an ELF executable. */
inline QByteArray tinyElf()
{
    QByteArray elf(64 + 56, '\0');
    char* p = elf.data();
    std::memcpy(p,
        "\x7f"
        "ELF",
        4);
    p[4] = 2; // ELFCLASS64
    p[5] = 1; // little-endian
    p[6] = 1; // EV_CURRENT
    qToLittleEndian<quint16>(2, p + 16); // ET_EXEC
    qToLittleEndian<quint16>(0x3e, p + 18); // x86-64
    qToLittleEndian<quint32>(1, p + 20); // version
    qToLittleEndian<quint64>(0x400078, p + 24); // entry
    qToLittleEndian<quint64>(64, p + 32); // program headers at 64
    qToLittleEndian<quint16>(64, p + 52); // header size
    qToLittleEndian<quint16>(56, p + 54); // program header size
    qToLittleEndian<quint16>(1, p + 56); // one program header
    qToLittleEndian<quint32>(1, p + 64); // PT_LOAD
    qToLittleEndian<quint32>(5, p + 68); // R+X
    return elf;
}

/** A zip of `entries` (name, content) written by libarchive in memory; `passphrase` encrypts it (ZipCrypto). */
inline QByteArray makeZip(const QList<QPair<QString, QByteArray>>& entries, const char* passphrase = nullptr)
{
    qint64 total = 0;
    for (const auto& e : entries)
        total += e.second.size();
    QByteArray out(qsizetype(total + 64 * 1024 + 1024 * entries.size()), '\0');
    size_t used = 0;
    archive* a = archive_write_new();
    archive_write_set_format_zip(a);
    if (passphrase) {
        archive_write_set_options(a, "zip:encryption=traditional");
        archive_write_set_passphrase(a, passphrase);
    }
    archive_write_open_memory(a, out.data(), size_t(out.size()), &used);
    for (const auto& [name, data] : entries) {
        archive_entry* e = archive_entry_new();
        const QByteArray n = name.toUtf8();
        archive_entry_set_pathname(e, n.constData());
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        archive_entry_set_size(e, data.size());
        archive_write_header(a, e);
        archive_write_data(a, data.constData(), size_t(data.size()));
        archive_entry_free(e);
    }
    archive_write_close(a);
    archive_write_free(a);
    out.truncate(qsizetype(used));
    return out;
}

/** The EICAR anti-virus test file (68 bytes): every scanner detects it, it does nothing. */
inline QByteArray eicar()
{
    return QByteArray("X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*");
}

/** A small valid PDF. */
inline QByteArray cleanPdf()
{
    return QByteArray("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                      "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
                      "trailer << /Root 1 0 R >>\n%%EOF\n");
}

} // namespace hookscope::test
