/* lflow-stages.c: names and numbers of the pipeline stages (see
 * lflow-stages.h). */

#include <config.h>

#include "northd/lflow-stages.h"

#include <string.h>

/* Returns the name of 'stage', e.g. "ls_in_l2_lkup". */
const char *
ovn_stage_to_str(enum ovn_stage stage)
{
    switch (stage) {
#define PIPELINE_STAGE(DP_TYPE, PIPELINE, STAGE, TABLE, NAME)       \
    case S_##DP_TYPE##_##PIPELINE##_##STAGE: return NAME;
    PIPELINE_STAGES
#undef PIPELINE_STAGE
    }
    return "<unknown>";
}

/* Returns "ingress" or "egress", as the Southbound "pipeline" column
 * spells the pipeline of 'stage'. */
const char *
ovn_stage_get_pipeline_name(enum ovn_stage stage)
{
    return ovn_stage_get_pipeline(stage) == P_IN ? "ingress" : "egress";
}

/* Finds the stage with the given Southbound 'pipeline' name, 'table_id'
 * and 'stage_name'.  Returns false if there is none. */
bool
ovn_stage_from_sb(const char *pipeline, int64_t table_id,
                  const char *stage_name, enum ovn_stage *stagep)
{
    enum ovn_pipeline p;
    if (!strcmp(pipeline, "ingress")) {
        p = P_IN;
    } else if (!strcmp(pipeline, "egress")) {
        p = P_OUT;
    } else {
        return false;
    }
    if (!stage_name || table_id < 0 || table_id > 255) {
        return false;
    }

#define PIPELINE_STAGE(DP_TYPE, PIPELINE, STAGE, TABLE, NAME)       \
    if (P_##PIPELINE == p && TABLE == table_id                      \
        && !strcmp(NAME, stage_name)) {                             \
        *stagep = S_##DP_TYPE##_##PIPELINE##_##STAGE;               \
        return true;                                                \
    }
    PIPELINE_STAGES
#undef PIPELINE_STAGE
    return false;
}

/* Returns the number of tables in 'pipeline' of datapaths of 'dp_type'. */
int
ovn_stage_count_tables(enum ovn_datapath_type dp_type,
                       enum ovn_pipeline pipeline)
{
    int n = 0;
#define PIPELINE_STAGE(DP_TYPE, PIPELINE, STAGE, TABLE, NAME)       \
    if (DP_##DP_TYPE == dp_type && P_##PIPELINE == pipeline) {      \
        n++;                                                        \
    }
    PIPELINE_STAGES
#undef PIPELINE_STAGE
    return n;
}
