#include "storejob.h"

namespace hookscope::replay {

Result<void> runJob(store::StoreWriter& writer, FallibleJob job)
{
    return writer.run(std::move(job));
}

Result<void> runJobOnce(const QString& path, FallibleJob job)
{
    auto writer = store::StoreWriter::shared(path);
    if (!writer)
        return fail(writer.error());
    return (*writer)->run(std::move(job));
}

} // namespace hookscope::replay
