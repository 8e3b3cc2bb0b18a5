package memwb.paging;

import org.osgi.service.component.annotations.Component;

import memwb.api.paging.PagingMode;

/** 4-level paging as a PagingMode service; only the annotation, so {@link Paging4Level} stays plain Java. */
@Component(service = PagingMode.class, property = "paging.name=" + Paging4Level.NAME)
public class Paging4LevelComponent extends Paging4Level {
}
