#include "storejob.h"

#include <future>
#include <memory>

using namespace Qt::StringLiterals;

namespace hookscope::replay {

Result<void> runJob(store::StoreWriter& writer, FallibleJob job)
{
    auto error = std::make_shared<QString>();
    std::promise<bool> committed;
    auto future = committed.get_future();
    writer.submitJob(
        [job = std::move(job), error](QSqlDatabase& db) {
            auto r = job(db);
            if (!r)
                *error = r.error();
            return bool(r);
        },
        [&committed](bool ok) { committed.set_value(ok); });
    if (future.get())
        return {};
    return fail(error->isEmpty() ? u"the store refused the write"_s : *error);
}

Result<void> runJobOnce(const QString& path, FallibleJob job)
{
    store::StoreWriter writer(path);
    if (auto r = writer.start(); !r)
        return r;
    auto result = runJob(writer, std::move(job));
    writer.stop();
    return result;
}

} // namespace hookscope::replay
