package memwb.paging;

import org.osgi.service.component.annotations.Component;

import memwb.api.paging.PagingMode;

/** 5-level paging (LA57) as a PagingMode service; only the annotation, so {@link Paging5Level} stays plain Java. */
@Component(service = PagingMode.class, property = "paging.name=" + Paging5Level.NAME)
public class Paging5LevelComponent extends Paging5Level {
}
