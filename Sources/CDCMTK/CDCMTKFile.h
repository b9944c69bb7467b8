// The data set behind a CDCMTK_File handle, shared by the shim's .cpp files (not a public header).

#pragma once

#include <vector>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dctk.h"

struct CDCMTK_File {
    DcmFileFormat format;
    char transferSyntax[68];
    /// A deflated data set, inflated here: DCMTK's values are lent from these bytes.
    std::vector<uint8_t> inflated;
};
